import type { CorpusVoice, SpeechCondition, UtteranceKind } from './corpus-plan.js';
import type { CorpusToolVersions } from './external-tools.js';

/** Version of the manifest's shape. */
export const CORPUS_MANIFEST_VERSION = 1;
/** File name of the manifest in a corpus folder. */
export const CORPUS_MANIFEST_FILE = 'manifest.json';

/** A labelled utterance: where the clean speech is, in seconds from the scene's start. */
export interface UtteranceLabel {
  text: string;
  kind: UtteranceKind;
  startSecs: number;
  endSecs: number;
  /** Active level of the clean utterance, in dBFS. */
  levelDbfs: number;
}

/** One voice's clean track: the labels shared by its scenes in every condition. */
export interface SpeechTrackLabels {
  voice: CorpusVoice;
  secs: number;
  utterances: UtteranceLabel[];
}

/** A scene of the corpus: speech under a condition, or a distractor alone. */
export interface CorpusScene {
  /** Unique id, also the stem of its files. */
  id: string;
  kind: 'speech' | 'distractor';
  /** The speech condition (`clean`, `white 10 dB`, …) or the distractor (`dtmf`, …). */
  condition: string;
  /** The voice of a speech scene (its labels are in `speechTracks`). */
  voice?: string;
  secs: number;
  /** File names of the scene at 8000 Hz (phone line) and 16000 Hz (upsampled). */
  files: { '8000': string; '16000': string };
  /** SHA-256 of the 8 kHz samples (16-bit little-endian), to compare corpora across machines. */
  sha256: string;
  /** Samples clipped at full scale before the μ-law encoder. */
  clippedSamples: number;
}

/** Everything the benchmark needs to know about a generated corpus. */
export interface CorpusManifest {
  version: number;
  /** Hash of the generator's code and the tools' versions: the corpus folder's name. */
  fingerprint: string;
  seed: number;
  tools: CorpusToolVersions;
  /** How the audio reached the benchmark. */
  line: string;
  /** Level of the white line noise under every scene, in dBFS. */
  lineFloorDbfs: number;
  conditions: SpeechCondition[];
  speechTracks: SpeechTrackLabels[];
  scenes: CorpusScene[];
}
