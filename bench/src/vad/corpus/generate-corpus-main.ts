/**
 * Generates the VAD corpus (or finds it already generated) and prints its folder:
 * `node dist/vad/corpus/generate-corpus-main.js [parent folder]`. See scripts/generate-vad-corpus.sh.
 */
import { defaultCorpusParent, ensureCorpus } from './generate-corpus.js';

const parent = process.argv[2] ?? defaultCorpusParent();
const started = performance.now();
try {
  const corpus = ensureCorpus(parent, (line) => console.error(line));
  const speech = corpus.manifest.scenes.filter((scene) => scene.kind === 'speech');
  const distractors = corpus.manifest.scenes.filter((scene) => scene.kind === 'distractor');
  const minutes = (scenes: typeof speech) =>
    (scenes.reduce((sum, scene) => sum + scene.secs, 0) / 60).toFixed(1);
  console.error(
    `${corpus.reused ? 'reused' : 'generated'} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${speech.length} speech scenes (${minutes(speech)} min), ${distractors.length} distractor scenes (${minutes(distractors)} min)`,
  );
  console.log(corpus.directory);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
