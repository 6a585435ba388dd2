import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_MANIFEST_VERSION } from './corpus-manifest.js';
import type { CorpusToolVersions } from './external-tools.js';

/**
 * A short hash of everything that decides the corpus: the generator's own code (the files in
 * `directory`, this folder when compiled), the manifest version and the tools' versions. A
 * corpus folder with the same fingerprint holds the same audio and can be reused.
 */
export function corpusFingerprint(directory: string, tools: CorpusToolVersions): string {
  const hash = createHash('sha256');
  hash.update(`manifest ${CORPUS_MANIFEST_VERSION}\n${tools.espeakNg}\n${tools.sox}\n`);
  const files = readdirSync(directory)
    .filter((name) => /\.(js|ts)$/.test(name) && !/\.test\.|\.d\.ts$|main\./.test(name))
    .sort();
  for (const name of files) {
    hash.update(name);
    hash.update(readFileSync(join(directory, name)));
  }
  return hash.digest('hex').slice(0, 16);
}
