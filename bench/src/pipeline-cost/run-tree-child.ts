import { fileURLToPath } from 'node:url';
import { ChildNodeProcess } from '../calls/child-node-process.js';
import type { ChildMessage, ChildRunResult, ChildSettings } from './child-protocol.js';

/** The measuring process's script, next to this file in `dist/`. */
const CHILD_SCRIPT = fileURLToPath(new URL('./pipeline-cost-child.js', import.meta.url));
/** Node.js flags of the measuring process: forced collections for the heap per call. */
const CHILD_NODE_FLAGS = ['--expose-gc'];
/** Time a measuring process gets to exit after its result, in ms; then it is killed. */
const EXIT_TIMEOUT_MS = 5_000;

function isFinalMessage(message: ChildMessage): message is ChildMessage {
  return message.type === 'result' || message.type === 'failed';
}

/**
 * Runs one measuring process (`pipeline-cost-child.ts`, with `--expose-gc`) on `settings` and
 * returns its result; the process is killed if it has not answered within `timeoutMs` or not
 * exited soon after.
 * @throws Error with the process's own message when it failed, or when it timed out.
 */
export async function runTreeChild(
  settings: ChildSettings,
  timeoutMs: number,
): Promise<ChildRunResult> {
  const child = ChildNodeProcess.start<ChildMessage, never>(
    CHILD_SCRIPT,
    [JSON.stringify(settings)],
    { nodeFlags: CHILD_NODE_FLAGS },
  );
  try {
    const message = await child.waitFor(isFinalMessage, timeoutMs, 'a result');
    if (message.type === 'failed') {
      throw new Error(`measuring ${settings.treeRoot} failed: ${message.message}`);
    }
    return message.result;
  } finally {
    await child.stop(EXIT_TIMEOUT_MS);
  }
}
