import { describe, expect, it } from 'vitest';
import { toyDescriptor } from './__fixtures__/toy-provider.js';
import { detectionOutcome } from './detection-outcome.js';

const toy = toyDescriptor();

describe('detectionOutcome', () => {
  it('gives the detected call when the opening is a provider’s', async () => {
    const outcome = await detectionOutcome(
      [toy],
      ['{"event":"hello"}', '{"event":"start","streamId":"s1"}'],
    );
    expect(outcome.detected?.provider.name).toBe('toy');
    expect(outcome.detected?.callData.streamId).toBe('s1');
  });

  it('gives the ProviderDetectionError when no start message comes in time', async () => {
    const outcome = await detectionOutcome([toy], ['{"event":"hello"}'], 1_000);
    expect(outcome.failed?.failure).toBe('timeout');
  });

  it('gives the ProviderDetectionError for a message no descriptor knows', async () => {
    const outcome = await detectionOutcome([toy], ['{"event":"unknown"}']);
    expect(outcome.failed?.failure).toBe('unknown-protocol');
    expect(outcome.escaped).toBeUndefined();
  });
});
