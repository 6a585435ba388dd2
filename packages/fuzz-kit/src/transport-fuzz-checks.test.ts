import { describe, expect, it } from 'vitest';
import { toyFuzzTarget } from './__fixtures__/toy-provider.js';
import { transportFuzzChecks } from './transport-fuzz-checks.js';

/** Few runs: these tests check the checks, not a transport. */
const FEW = { callRuns: 20, longestStream: 8 };

describe('transportFuzzChecks', () => {
  it('both pass on a call whose serializer refuses what it cannot read', async () => {
    const checks = transportFuzzChecks(toyFuzzTarget(), FEW);
    expect(checks).toHaveLength(2);
    for (const check of checks) await check.run();
  });

  it('fail when the caller audio heard is not the payload decoded', async () => {
    const deaf = toyFuzzTarget({ decodedAudio: () => Int16Array.of(1) });
    const [, hears] = transportFuzzChecks(deaf, FEW);
    const failure = await Promise.resolve(hears!.run()).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/Property failed/);
    expect(String(failure?.cause)).toMatch(/AssertionError/);
  });
});
