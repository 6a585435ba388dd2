import type { MachineInfo } from '../support/machine.js';
import type { CallChurnResult } from './call-churn.js';
import type { DrainRunResult } from './drain-timing.js';
import type { InProcessFuzzResult } from './in-process-fuzz.js';
import type { LiveFuzzResult } from './live-fuzz.js';
import type { ReliabilityOptions } from './reliability-options.js';

/** Everything one run of the `reliability` benchmark measured. */
export interface ReliabilityResults {
  machine: MachineInfo;
  options: ReliabilityOptions;
  /** Part a, per provider. */
  inProcess: InProcessFuzzResult[];
  /** Part b, per provider. */
  live: LiveFuzzResult[];
  /** Part c. */
  churn: CallChurnResult;
  /** Part d, one entry per drain run. */
  drains: DrainRunResult[];
}
