export { type Clock, sleep, systemClock, type TimerHandle } from './clock.js';
export { flushMicrotasks, ManualClock } from './manual-clock.js';
