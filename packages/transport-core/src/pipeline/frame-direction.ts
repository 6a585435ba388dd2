/** Which way a frame travels: downstream (towards the output) or upstream (towards the input). */
export type FrameDirection = 'downstream' | 'upstream';

/** Named values of `FrameDirection`, for readers coming from Pipecat. */
export const FrameDirection = Object.freeze({
  Downstream: 'downstream',
  Upstream: 'upstream',
} as const satisfies Record<string, FrameDirection>);
