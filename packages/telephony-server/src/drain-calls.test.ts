import { ManualClock } from '@x/transport-core/testing';
import { describe, expect, it } from 'vitest';
import { CallRegistry, type TrackedCall } from './call-registry.js';
import { drainCalls } from './drain-calls.js';

/** A call that finishes when told to, ends `endTakesMs` after `end()`, or never ends by itself. */
function fakeCall(
  calls: CallRegistry,
  clock: ManualClock,
  endTakesMs: number | undefined,
): { call: TrackedCall; finish: () => void; endedWith: string[]; cancelled: string[] } {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const endedWith: string[] = [];
  const cancelled: string[] = [];
  const call: TrackedCall = {
    end: (reason) => {
      endedWith.push(reason);
      if (endTakesMs !== undefined) clock.setTimeout(finish, endTakesMs);
    },
    cancel: async (reason) => {
      cancelled.push(reason);
      finish();
      await done;
    },
  };
  calls.track(call, done);
  return { call, finish, endedWith, cancelled };
}

const OPTIONS = { drainTimeoutMs: 20_000, endOfCallTimeoutMs: 6_000, reason: 'server stopping' };

describe('drainCalls', () => {
  it('lets calls that finish in time finish by themselves, ending none', async () => {
    const clock = new ManualClock();
    const calls = new CallRegistry();
    const short = fakeCall(calls, clock, 1_000);
    const drained = drainCalls(calls, { ...OPTIONS, clock });
    clock.setTimeout(short.finish, 3_000);
    await clock.advance(3_000);
    expect(await drained).toEqual({
      callsAtStart: 1,
      endedByServer: 0,
      cancelled: 0,
      durationMs: 3_000,
    });
    expect(short.endedWith).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('ends the calls still going at the drain timeout the normal way, within the end bound', async () => {
    const clock = new ManualClock();
    const calls = new CallRegistry();
    const first = fakeCall(calls, clock, 2_500);
    const second = fakeCall(calls, clock, 4_000);
    const drained = drainCalls(calls, { ...OPTIONS, clock });
    await clock.advance(19_999);
    expect(first.endedWith).toEqual([]);
    await clock.advance(1);
    expect(first.endedWith).toEqual(['server stopping']);
    expect(second.endedWith).toEqual(['server stopping']);
    await clock.advance(4_000);
    expect(await drained).toMatchObject({ callsAtStart: 2, endedByServer: 2, cancelled: 0 });
    expect((await drained).durationMs).toBe(24_000);
    expect(first.cancelled).toEqual([]);
  });

  it('cancels a call whose normal end outlasts the bound (e.g. a hung provider API)', async () => {
    const clock = new ManualClock();
    const calls = new CallRegistry();
    const stuck = fakeCall(calls, clock, undefined);
    const drained = drainCalls(calls, { ...OPTIONS, clock });
    await clock.advance(20_000 + 6_000);
    expect(await drained).toMatchObject({ callsAtStart: 1, endedByServer: 1, cancelled: 1 });
    expect(stuck.cancelled).toEqual(['server stopping']);
    expect(calls.size).toBe(0);
  });

  it('ends at once, the normal way, a call that starts after the end phase began', async () => {
    const clock = new ManualClock();
    const calls = new CallRegistry();
    fakeCall(calls, clock, 1_000);
    const drained = drainCalls(calls, { ...OPTIONS, clock });
    await clock.advance(20_000);
    const late = fakeCall(calls, clock, 1_000);
    expect(late.endedWith).toEqual(['server stopping']);
    await clock.advance(1_000);
    expect(await drained).toMatchObject({ endedByServer: 1, cancelled: 0 });
  });

  it('returns at once when no call is in progress', async () => {
    const clock = new ManualClock();
    expect(await drainCalls(new CallRegistry(), { ...OPTIONS, clock })).toEqual({
      callsAtStart: 0,
      endedByServer: 0,
      cancelled: 0,
      durationMs: 0,
    });
  });
});
