import { afterEach, describe, expect, it } from 'vitest';
import { HangingApi } from './hanging-api.js';

let api: HangingApi | undefined;
afterEach(async () => {
  await api?.close();
});

describe('HangingApi', () => {
  it('counts a request and never answers it', async () => {
    api = await HangingApi.start();
    const answered = fetch(`${api.url}/2010-04-01/Accounts/AC1/Calls/CA1.json`, {
      method: 'POST',
      body: 'Status=completed',
      signal: AbortSignal.timeout(300),
    }).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    expect(await answered).toBe('TimeoutError');
    expect(api.requests).toBe(1);
  });
});
