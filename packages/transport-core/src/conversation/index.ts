export {
  type IdleCallback,
  USER_IDLE_END_REASON,
  UserIdleProcessor,
  type UserIdleProcessorOptions,
} from './user-idle-processor.js';
