import type { LoadReport } from '@x/phone-simulator';
import type { SoakLoadTally } from './ipc-messages.js';

/** Most distinct error messages a tally keeps. */
const MAX_ERROR_KINDS = 20;

/** A tally of no calls. */
export function emptySoakLoadTally(): SoakLoadTally {
  return {
    placed: 0,
    connected: 0,
    failed: 0,
    endedEarly: 0,
    protocolErrors: 0,
    underruns: 0,
    errors: [],
  };
}

/** Adds the calls of one `runLoad` report to `tally`. */
export function addLoadReport(tally: SoakLoadTally, report: LoadReport): void {
  tally.placed += report.calls.requested;
  tally.connected += report.calls.connected;
  tally.failed += report.calls.failed;
  tally.endedEarly += report.calls.endedByBot + report.calls.endedByError;
  tally.protocolErrors += report.protocolErrors.count;
  tally.underruns += report.underruns.count;
  for (const error of report.errors) {
    const known = tally.errors.find((entry) => entry.message === error.message);
    if (known) known.count += error.count;
    else if (tally.errors.length < MAX_ERROR_KINDS) tally.errors.push({ ...error });
  }
}
