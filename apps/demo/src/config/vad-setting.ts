import type { VADParams } from '@x/transport-core';

/**
 * VAD engines the demo can run: `energy` is core's cheap engine and needs nothing else; `silero`
 * is Silero VAD v5 from `@x/vad-silero` (onnxruntime-node on the CPU, windows of all calls
 * batched).
 */
export const VAD_ENGINES = ['energy', 'silero'] as const;

/** One of `VAD_ENGINES`. */
export type VADEngineName = (typeof VAD_ENGINES)[number];

/** What the `VAD` setting asks for: an engine and thresholds that override the demo defaults. */
export interface VADSetting {
  /** Which engine decides whether a 10–32 ms window is speech. */
  engine: VADEngineName;
  /** Thresholds given in the setting; unset ones take `ECHO_BOT_VAD_PARAMS`. */
  params: Partial<VADParams>;
}

/**
 * The echo bot's thresholds: Pipecat's defaults except `stopSecs`, which waits 0.6 s of quiet
 * so short pauses between words do not cut a phrase in two.
 */
export const ECHO_BOT_VAD_PARAMS: Readonly<VADParams> = Object.freeze({
  confidence: 0.7,
  startSecs: 0.2,
  stopSecs: 0.6,
  minVolume: 0.6,
});

const PARAMETER_NAMES = ['confidence', 'startSecs', 'stopSecs', 'minVolume'] as const;
type ParameterName = (typeof PARAMETER_NAMES)[number];

function isParameterName(value: string): value is ParameterName {
  return (PARAMETER_NAMES as readonly string[]).includes(value);
}

function isEngineName(value: string): value is VADEngineName {
  return (VAD_ENGINES as readonly string[]).includes(value);
}

/**
 * Parses the `VAD` setting: `<engine>` or `<engine>:<name>=<value>,<name>=<value>`, for example
 * `energy`, `energy:stopSecs=0.8,minVolume=0.5` or `silero:stopSecs=0.6`. Names are those of
 * `VADParams` (`confidence`, `startSecs`, `stopSecs`, `minVolume`).
 * @throws Error naming the bad part of the setting.
 */
export function parseVADSetting(text: string): VADSetting {
  const trimmed = text.trim();
  const separator = trimmed.indexOf(':');
  const engine = (separator === -1 ? trimmed : trimmed.slice(0, separator)).trim().toLowerCase();
  if (!isEngineName(engine)) {
    throw new Error(
      `VAD engine ${JSON.stringify(engine)} is not available (choose one of: ${VAD_ENGINES.join(', ')})`,
    );
  }
  const params: Partial<VADParams> = {};
  const rest = separator === -1 ? '' : trimmed.slice(separator + 1).trim();
  if (rest !== '') {
    for (const part of rest.split(',')) {
      const [rawName, rawValue, ...extra] = part.split('=');
      const name = rawName?.trim() ?? '';
      const valueText = rawValue?.trim() ?? '';
      if (extra.length > 0 || rawValue === undefined || valueText === '') {
        throw new Error(`VAD parameter ${JSON.stringify(part.trim())} must look like name=value`);
      }
      if (!isParameterName(name)) {
        throw new Error(
          `VAD parameter ${JSON.stringify(name)} is unknown (expected ${PARAMETER_NAMES.join(', ')})`,
        );
      }
      const value = Number(valueText);
      if (!Number.isFinite(value)) {
        throw new Error(`VAD ${name} must be a number, got ${JSON.stringify(valueText)}`);
      }
      checkRange(name, value);
      params[name] = value;
    }
  }
  return { engine, params };
}

function checkRange(name: ParameterName, value: number): void {
  if ((name === 'confidence' || name === 'minVolume') && !(value >= 0 && value <= 1)) {
    throw new Error(`VAD ${name} must be from 0 to 1, got ${value}`);
  }
  if ((name === 'startSecs' || name === 'stopSecs') && !(value >= 0 && value <= 10)) {
    throw new Error(`VAD ${name} must be from 0 to 10 seconds, got ${value}`);
  }
}

/** The setting written back in the `VAD` syntax, for the startup summary. */
export function describeVADSetting(setting: VADSetting): string {
  const params = { ...ECHO_BOT_VAD_PARAMS, ...setting.params };
  return `${setting.engine} (confidence ${params.confidence}, start ${params.startSecs} s, stop ${params.stopSecs} s, min volume ${params.minVolume})`;
}
