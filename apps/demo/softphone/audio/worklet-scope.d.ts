/**
 * The AudioWorkletGlobalScope names the worklet processors use. TypeScript's DOM library does
 * not describe the worklet scope, so these are declared here.
 */

/** Base class of AudioWorklet processors. */
declare class AudioWorkletProcessor {
  /** Message channel to the `AudioWorkletNode` on the main thread. */
  readonly port: MessagePort;
  constructor();
}

/** Registers a processor class under `name` for `new AudioWorkletNode(context, name)`. */
declare function registerProcessor(
  name: string,
  processorConstructor: new () => AudioWorkletProcessor & {
    process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
  },
): void;

/** The AudioContext's sample rate, in Hz (worklet scope). */
declare const sampleRate: number;
