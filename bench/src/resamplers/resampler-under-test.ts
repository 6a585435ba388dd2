/** A streaming mono PCM16 resampler, as the benchmark drives every implementation. */
export interface StreamingResampler {
  /** Converts the next chunk; may hold samples back. */
  process(chunk: Int16Array): Int16Array;
  /** Returns what is held back at the end of the stream. */
  flush(): Int16Array;
  /** Frees native or WASM memory. */
  dispose(): void;
}

/** One implementation (and setting) under test. */
export interface ResamplerUnderTest {
  /** Name in the result tables. */
  name: string;
  /** What it is, for the notes under the tables. */
  note: string;
  create(inputRate: number, outputRate: number): Promise<StreamingResampler>;
}

export function concatInt16(parts: Int16Array[]): Int16Array {
  const output = new Int16Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    output.set(part, offset);
    offset += part.length;
  }
  return output;
}
