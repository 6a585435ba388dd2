import { pcmToWav, WAV_HEADER_BYTES } from '../audio/wav.js';

/** Byte offset of the RIFF chunk size in the 44-byte header. */
const RIFF_SIZE_OFFSET = 4;
/** Byte offset of the data chunk size in the 44-byte header. */
const DATA_SIZE_OFFSET = 40;
/** Bytes of the RIFF chunk size that precede the data: the header minus the RIFF chunk's own 8. */
const RIFF_SIZE_BEFORE_DATA = WAV_HEADER_BYTES - 8;
/** The size streaming writers put in the header while the length is unknown. */
const UNKNOWN_SIZE = 0xffff_ffff;

/**
 * The 44-byte header of a PCM16 WAV stream whose length is not known yet: both sizes say
 * "unknown" (readers take the data to the end of the file) until `patchWavSizes` fixes them.
 */
export function streamingWavHeader(sampleRate: number, numChannels: number): Uint8Array {
  const header = pcmToWav(new Int16Array(0), sampleRate, numChannels);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  view.setUint32(RIFF_SIZE_OFFSET, UNKNOWN_SIZE, true);
  view.setUint32(DATA_SIZE_OFFSET, UNKNOWN_SIZE, true);
  return header;
}

/** The two size fields of a finished WAV stream, each with its byte offset in the file. */
export function wavSizeFields(dataBytes: number): { offset: number; bytes: Uint8Array }[] {
  return [
    { offset: RIFF_SIZE_OFFSET, bytes: uint32LittleEndian(RIFF_SIZE_BEFORE_DATA + dataBytes) },
    { offset: DATA_SIZE_OFFSET, bytes: uint32LittleEndian(dataBytes) },
  ];
}

function uint32LittleEndian(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, Math.min(value, UNKNOWN_SIZE - 1), true);
  return bytes;
}
