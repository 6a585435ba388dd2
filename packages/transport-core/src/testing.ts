/**
 * `@x/transport-core/testing`: helpers for testing bots and transports without waiting for real
 * time — a clock you advance by hand (inject it wherever an option takes a `Clock`) and a way to
 * let pending promise callbacks run.
 */
export { flushMicrotasks, ManualClock } from './clock/manual-clock.js';
