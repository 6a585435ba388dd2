/** Thresholds of a `VADAnalyzer`: when a window counts as speech, and how long speech must last. */
export interface VADParams {
  /** Lowest per-window voice confidence (0–1) that counts as speech. */
  confidence: number;
  /** Seconds of continuous speech before speech is confirmed as started. */
  startSecs: number;
  /** Seconds of continuous non-speech before speech is confirmed as stopped. */
  stopSecs: number;
  /**
   * Lowest volume (0–1) that counts as speech. Volume maps the window's RMS level linearly from
   * −110 dBFS (0) to −10 dBFS (1), Pipecat's loudness scale, so 0.6 is −50 dBFS.
   */
  minVolume: number;
  /**
   * Whether a window dominated by a telephony tone (DTMF key, dial, ringback, busy, SIT, fax
   * CNG / CED) never counts as speech, whatever the engine says. Speech over a tone still counts.
   * Optional so that existing full `VADParams` objects stay valid; unset means `true`.
   */
  rejectTelephonyTones?: boolean;
}

/**
 * Pipecat's defaults: confidence 0.7, 0.2 s to start, 0.2 s to stop, volume 0.6 (−50 dBFS); and
 * telephony tones rejected.
 */
export const DEFAULT_VAD_PARAMS: Readonly<VADParams> = Object.freeze({
  confidence: 0.7,
  startSecs: 0.2,
  stopSecs: 0.2,
  minVolume: 0.6,
  rejectTelephonyTones: true,
});

/**
 * `DEFAULT_VAD_PARAMS` overridden by `params`, checked.
 * @throws RangeError naming the parameter and value when one is out of range.
 */
export function resolveVADParams(params: Partial<VADParams> = {}): VADParams {
  const resolved = { ...DEFAULT_VAD_PARAMS, ...withoutUndefined(params) };
  checkFraction('confidence', resolved.confidence);
  checkFraction('minVolume', resolved.minVolume);
  checkSeconds('startSecs', resolved.startSecs);
  checkSeconds('stopSecs', resolved.stopSecs);
  if (typeof resolved.rejectTelephonyTones !== 'boolean') {
    // an explicit non-boolean (from untyped config) is refused rather than read as truthy
    throw new RangeError(
      `VAD rejectTelephonyTones must be true or false, got ${String(resolved.rejectTelephonyTones)}`,
    );
  }
  return resolved;
}

function withoutUndefined(params: Partial<VADParams>): Partial<VADParams> {
  const result: Partial<VADParams> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}

function checkFraction(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`VAD ${name} must be a number from 0 to 1, got ${value}`);
  }
}

function checkSeconds(name: string, value: number): void {
  if (!(value >= 0 && Number.isFinite(value))) {
    throw new RangeError(`VAD ${name} must be a finite number of seconds ≥ 0, got ${value}`);
  }
}
