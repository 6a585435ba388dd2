import { type FrameSerializer, silentLogger } from '@x/transport-core';

/** Sets `serializer` up as a transport would, at `sampleRateHz` both ways, logging nothing. */
export function setUpSilently<S extends FrameSerializer>(serializer: S, sampleRateHz: number): S {
  serializer.setup({
    audioInSampleRate: sampleRateHz,
    audioOutSampleRate: sampleRateHz,
    logger: silentLogger,
  });
  return serializer;
}
