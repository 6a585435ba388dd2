import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWav } from '@x/transport-core';
import type { CorpusManifest, CorpusScene, UtteranceLabel } from './corpus-manifest.js';

/** A scene of the corpus in memory: its audio at both rates and its labels. */
export interface LoadedScene {
  scene: CorpusScene;
  /** Labelled utterances (none in a distractor scene). */
  utterances: readonly UtteranceLabel[];
  /** The scene's audio by sample rate (8000: phone line, 16000: upsampled). */
  audio: ReadonlyMap<number, Int16Array>;
}

/** Reads every scene of the corpus in `directory`. */
export function loadCorpus(directory: string, manifest: CorpusManifest): LoadedScene[] {
  const labels = new Map(
    manifest.speechTracks.map((track) => [track.voice.name, track.utterances]),
  );
  return manifest.scenes.map((scene) => {
    const audio = new Map<number, Int16Array>();
    for (const [rate, file] of Object.entries(scene.files)) {
      const wav = parseWav(readFileSync(join(directory, file)));
      if (wav.sampleRate !== Number(rate) || wav.numChannels !== 1) {
        throw new Error(
          `${file}: expected mono ${rate} Hz, got ${wav.numChannels} × ${wav.sampleRate} Hz`,
        );
      }
      audio.set(wav.sampleRate, wav.audio);
    }
    const utterances = scene.voice === undefined ? [] : (labels.get(scene.voice) ?? []);
    return { scene, utterances, audio };
  });
}
