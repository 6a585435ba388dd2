/**
 * `@x/transport-core/testing`: helpers for testing bots and transports without waiting for real
 * time — a clock you advance by hand (inject it wherever an option takes a `Clock`), a way to
 * let pending promise callbacks run, and a decoder of the DTMF keys in recorded audio.
 */
export { flushMicrotasks, ManualClock } from './clock/manual-clock.js';
export { decodeDtmfKeys } from './vad/tones/decode-dtmf-keys.js';
