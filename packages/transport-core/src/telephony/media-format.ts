import type { MediaFormat } from '../providers/call-data.js';

/** True when two formats describe the same audio: encoding, rate and channels. */
export function sameMediaFormat(a: MediaFormat, b: MediaFormat): boolean {
  return a.encoding === b.encoding && a.sampleRate === b.sampleRate && a.channels === b.channels;
}
