import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as SerializerTwilio from '@x/serializer-twilio';
import type * as TransportCore from '@x/transport-core';

/**
 * Exports of `@x/transport-core` the harness needs; all exist since commit 3f79dc3, the oldest
 * tree it supports. The types are this tree's: older trees are checked by name at load time.
 */
const REQUIRED_CORE_EXPORTS = [
  'EnergyVADAnalyzer',
  'FrameProcessor',
  'InputAudioRawFrame',
  'Pipeline',
  'PipelineRunner',
  'PipelineTask',
  'SpeechOutputAudioRawFrame',
  'WebSocketTransport',
  'pcmToUlaw',
] as const;
/** Exports used when the tree has them (see `TreeFeatures`). */
const OPTIONAL_CORE_EXPORTS = ['InterruptionFrame', 'VADUserStartedSpeakingFrame'] as const;

type CoreModule = typeof TransportCore;

/** The parts of a tree's `@x/transport-core` the harness uses. */
export type TreeCore = Pick<CoreModule, (typeof REQUIRED_CORE_EXPORTS)[number]> &
  Partial<Pick<CoreModule, (typeof OPTIONAL_CORE_EXPORTS)[number]>>;

/** A tree's packages, imported from its `dist` folders. */
export interface TreePackages {
  root: string;
  core: TreeCore;
  createTwilio: typeof SerializerTwilio.createTwilio;
}

/** The built entry point of `packages/<name>` in the checkout at `root`. */
export function distEntry(root: string, name: string): string {
  return join(root, 'packages', name, 'dist', 'index.js');
}

/** Why the checkout at `root` cannot be measured, or undefined when its packages are built. */
export function unbuiltTreeReason(root: string): string | undefined {
  const missing = ['transport-core', 'serializer-twilio']
    .map((name) => distEntry(root, name))
    .filter((path) => !existsSync(path));
  return missing.length === 0
    ? undefined
    : `${root} is not a built checkout: ${missing.join(', ')} missing (run pnpm install && pnpm build there)`;
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/**
 * Imports `@x/transport-core` and `@x/serializer-twilio` of the checkout at `root` by path (its
 * `dist` files; the serializer finds the same core through the tree's own `node_modules`).
 * @throws Error naming the exports the tree lacks.
 */
export async function loadTreePackages(root: string): Promise<TreePackages> {
  const core = await importModule(distEntry(root, 'transport-core'));
  const twilio = await importModule(distEntry(root, 'serializer-twilio'));
  const missing = REQUIRED_CORE_EXPORTS.filter((name) => core[name] === undefined).map(
    (name) => `@x/transport-core ${name}`,
  );
  if (typeof twilio.createTwilio !== 'function') missing.push('@x/serializer-twilio createTwilio');
  if (missing.length > 0) {
    throw new Error(`the tree at ${root} lacks ${missing.join(', ')}`);
  }
  return {
    root,
    core: core as unknown as TreeCore,
    createTwilio: twilio.createTwilio as typeof SerializerTwilio.createTwilio,
  };
}
