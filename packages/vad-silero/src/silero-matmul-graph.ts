import type { OnnxNodeDescription, OnnxTensorDescription } from './onnx-model-writer.js';
import { writeOnnxModel } from './onnx-model-writer.js';
import { ONNX_DATA_TYPE } from './onnx-schema.js';
import type { SileroBranchWeights, SileroWeight } from './silero-branch-weights.js';
import {
  SILERO_STATE_LAYERS,
  SILERO_STATE_UNITS,
  sileroWindowShape,
} from './silero-window-shape.js';

/** ONNX IR version of the derived model. */
const IR_VERSION = 8;
/** Version of the default operator set the derived model uses (Split with sizes as an input, …). */
const OPERATOR_SET_VERSION = 17;
/** `producer_name` of the derived model. */
const PRODUCER_NAME = '@x/vad-silero';
/** STFT frames per window, at both rates: (input + padding) / hop − 1. */
const STFT_FRAMES = 4;
/** Gates of the LSTM cell, in PyTorch's order: input, forget, cell, output. */
const LSTM_GATES = 4;

/** Copy of a row-major `[rows, columns]` matrix, transposed to `[columns, rows]`. */
function transposed(values: Float32Array, rows: number, columns: number): Float32Array {
  const result = new Float32Array(values.length);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      result[column * rows + row] = values[row * columns + column]!;
    }
  }
  return result;
}

/**
 * A Conv1d kernel `[out, in, taps]` as the matrix of the same convolution done as one MatMul
 * over stacked inputs (im2col): `[taps used × in, out]`, row `k × in + c` holding tap `taps[k]`
 * of input channel `c`.
 */
function convolutionMatrix(weight: SileroWeight, taps: readonly number[]): Float32Array {
  const [outputs, inputs, kernel] = weight.dims as [number, number, number];
  const result = new Float32Array(taps.length * inputs * outputs);
  taps.forEach((tap, k) => {
    for (let input = 0; input < inputs; input++) {
      for (let output = 0; output < outputs; output++) {
        result[(k * inputs + input) * outputs + output] =
          weight.values[(output * inputs + input) * kernel + tap]!;
      }
    }
  });
  return result;
}

/**
 * Silero VAD v5 for one sample rate, rearranged so that ONNX Runtime's CPU provider runs every
 * layer as one matrix product over the whole batch. The original graph runs the STFT and four
 * encoder convolutions as `Conv`, which the CPU provider computes batch row by batch row with
 * tiny products; here the same weights are arranged as matrices:
 *
 * - STFT: the reflect-padded input is cut into half-frame blocks, adjacent blocks are joined into
 *   frames (`[batch, 4, filter]`) and multiplied by the transposed basis; magnitudes as before.
 * - Each encoder convolution (kernel 3, padding 1): time-padded input, the taps as slices (every
 *   other step for stride 2) side by side, times the kernel as a `[3 × in, out]` matrix (im2col).
 *   With one time step left, the third and fourth layers only see the taps that hit data.
 * - The LSTM cell as two products and its gate functions; the output layer as a product.
 *
 * Inputs and outputs are the original's: `input` `[batch, context + window]`, `state`
 * `[2, batch, 128]`, `sr` (int64, accepted and ignored: the graph is for one rate), `output`
 * `[batch, 1]` and `stateN`. Every batch row is computed on its own, so a row's result does not
 * depend on the others.
 *
 * @returns the model as ONNX bytes (about 0.9 MB at 8 kHz), for `InferenceSession.create`.
 */
export function buildSileroMatMulGraph(weights: SileroBranchWeights): Uint8Array {
  const shape = sileroWindowShape(weights.sampleRate);
  if (!shape) throw new RangeError(`Silero VAD has no ${weights.sampleRate} Hz branch`);
  const filterSamples = weights.filterSamples;
  // Silero's STFT: frames of `filterSamples`, a hop of half a frame, the input reflect-padded at
  // its end by a quarter frame (32 samples at 8 kHz, 64 at 16 kHz)
  const hopSamples = filterSamples / 2;
  const paddingSamples = filterSamples / 4;
  const blocks = (shape.inputSamples + paddingSamples) / hopSamples;
  if (!Number.isInteger(blocks) || blocks - 1 !== STFT_FRAMES) {
    throw new RangeError(
      `an input of ${shape.inputSamples} samples does not make ${STFT_FRAMES} STFT frames of ${filterSamples}`,
    );
  }
  const bins = filterSamples / 2 + 1;
  const units = SILERO_STATE_UNITS;
  const [encoder0, encoder1, encoder2, encoder3] = weights.encoder;
  const { lstm, decoder } = weights;
  const channels0 = encoder0.bias.values.length;
  const channels1 = encoder1.bias.values.length;
  const channels2 = encoder2.bias.values.length;

  const initializers: OnnxTensorDescription[] = [];
  const float = (name: string, dims: readonly number[], values: Float32Array): string => {
    initializers.push({ name, dims, values });
    return name;
  };
  const int64 = (name: string, values: readonly number[], scalar = false): string => {
    initializers.push({
      name,
      dims: scalar ? [] : [values.length],
      values: BigInt64Array.from(values, (value) => BigInt(value)),
    });
    return name;
  };
  const nodes: OnnxNodeDescription[] = [];
  const node = (
    opType: string,
    inputs: readonly string[],
    output: string | readonly string[],
    attributes?: Readonly<Record<string, number | string>>,
  ): string => {
    const outputs = typeof output === 'string' ? [output] : output;
    nodes.push({ opType, inputs, outputs, ...(attributes ? { attributes } : {}) });
    return outputs[0]!;
  };

  // weights, rearranged
  const stftMatrix = float(
    'stft_basis_matrix',
    [filterSamples, 2 * bins],
    transposed(weights.stftBasis.values, 2 * bins, filterSamples),
  );
  const encoderMatrix0 = float(
    'encoder_0_matrix',
    [3 * bins, channels0],
    convolutionMatrix(encoder0.weight, [0, 1, 2]),
  );
  const encoderBias0 = float('encoder_0_bias', [channels0], encoder0.bias.values);
  const encoderMatrix1 = float(
    'encoder_1_matrix',
    [3 * channels0, channels1],
    convolutionMatrix(encoder1.weight, [0, 1, 2]),
  );
  const encoderBias1 = float('encoder_1_bias', [channels1], encoder1.bias.values);
  const encoderMatrix2 = float(
    'encoder_2_matrix',
    [2 * channels1, channels2],
    convolutionMatrix(encoder2.weight, [1, 2]),
  );
  const encoderBias2 = float('encoder_2_bias', [channels2], encoder2.bias.values);
  const encoderMatrix3 = float(
    'encoder_3_matrix',
    [channels2, units],
    convolutionMatrix(encoder3.weight, [1]),
  );
  const encoderBias3 = float('encoder_3_bias', [units], encoder3.bias.values);
  const inputGateMatrix = float(
    'lstm_input_matrix',
    [units, LSTM_GATES * units],
    transposed(lstm.inputWeights.values, LSTM_GATES * units, units),
  );
  const hiddenGateMatrix = float(
    'lstm_hidden_matrix',
    [units, LSTM_GATES * units],
    transposed(lstm.hiddenWeights.values, LSTM_GATES * units, units),
  );
  const inputGateBias = float('lstm_input_bias', [LSTM_GATES * units], lstm.inputBias.values);
  const hiddenGateBias = float('lstm_hidden_bias', [LSTM_GATES * units], lstm.hiddenBias.values);
  const decoderMatrix = float('decoder_matrix', [units, 1], decoder.weight.values);
  const decoderBias = float('decoder_bias', [1], decoder.bias.values);

  // shapes, pads and indices
  const inputPadding = int64('input_padding', [0, 0, 0, paddingSamples]);
  const timePadding = int64('time_padding', [0, 1, 0, 0, 1, 0]);
  const blockShape = int64('block_shape', [-1, blocks, hopSamples]);
  const flatShape = int64('encoder_2_input_shape', [-1, 2 * channels1]);
  const index = (value: number) => `index_${value}`;
  for (const value of [0, 1, 2, 3, 4, 5, 6, bins, 2 * bins]) int64(index(value), [value]);
  const axis1 = int64('axis_1', [1]);
  const axis2 = int64('axis_2', [2]);
  const axis0 = int64('axis_0', [0]);
  const step2 = int64('step_2', [2]);
  const layer0 = int64('layer_0', [0], true);
  const layer1 = int64('layer_1', [1], true);
  const gateSizes = int64('gate_sizes', new Array<number>(LSTM_GATES).fill(units));

  // STFT magnitudes [batch, 4, bins]
  const padded = node('Pad', ['input', inputPadding], 'padded_input', { mode: 'reflect' });
  const blocked = node('Reshape', [padded, blockShape], 'blocks');
  const firstHalves = node(
    'Slice',
    [blocked, index(0), index(blocks - 1), axis1],
    'frame_first_halves',
  );
  const secondHalves = node(
    'Slice',
    [blocked, index(1), index(blocks), axis1],
    'frame_second_halves',
  );
  const frames = node('Concat', [firstHalves, secondHalves], 'frames', { axis: 2 });
  const spectrum = node('MatMul', [frames, stftMatrix], 'spectrum');
  const real = node('Slice', [spectrum, index(0), index(bins), axis2], 'real');
  const imaginary = node('Slice', [spectrum, index(bins), index(2 * bins), axis2], 'imaginary');
  const realSquared = node('Mul', [real, real], 'real_squared');
  const imaginarySquared = node('Mul', [imaginary, imaginary], 'imaginary_squared');
  const power = node('Add', [realSquared, imaginarySquared], 'power');
  const magnitude = node('Sqrt', [power], 'magnitude');

  // encoder 0: kernel 3, stride 1, [batch, 4, bins] → [batch, 4, 128 channels]
  const paddedMagnitude = node('Pad', [magnitude, timePadding], 'magnitude_padded');
  const taps0 = [0, 1, 2].map((tap) =>
    node(
      'Slice',
      [paddedMagnitude, index(tap), index(tap + STFT_FRAMES), axis1],
      `encoder_0_tap_${tap}`,
    ),
  );
  const stacked0 = node('Concat', taps0, 'encoder_0_stacked', { axis: 2 });
  const product0 = node('MatMul', [stacked0, encoderMatrix0], 'encoder_0_product');
  const biased0 = node('Add', [product0, encoderBias0], 'encoder_0_biased');
  const output0 = node('Relu', [biased0], 'encoder_0_output');

  // encoder 1: kernel 3, stride 2, [batch, 4, 128] → [batch, 2, 64 channels]
  const padded1 = node('Pad', [output0, timePadding], 'encoder_1_padded');
  const taps1 = [0, 1, 2].map((tap) =>
    node('Slice', [padded1, index(tap), index(tap + 3), axis1, step2], `encoder_1_tap_${tap}`),
  );
  const stacked1 = node('Concat', taps1, 'encoder_1_stacked', { axis: 2 });
  const product1 = node('MatMul', [stacked1, encoderMatrix1], 'encoder_1_product');
  const biased1 = node('Add', [product1, encoderBias1], 'encoder_1_biased');
  const output1 = node('Relu', [biased1], 'encoder_1_output');

  // encoder 2: kernel 3, stride 2, two steps in, one out: only taps 1 and 2 see the data,
  // so the two steps side by side ([batch, 2 × 64]) times those taps is the convolution
  const flat1 = node('Reshape', [output1, flatShape], 'encoder_2_input');
  const product2 = node('MatMul', [flat1, encoderMatrix2], 'encoder_2_product');
  const biased2 = node('Add', [product2, encoderBias2], 'encoder_2_biased');
  const output2 = node('Relu', [biased2], 'encoder_2_output');

  // encoder 3: kernel 3, stride 1, one step: only the centre tap sees the data
  const product3 = node('MatMul', [output2, encoderMatrix3], 'encoder_3_product');
  const biased3 = node('Add', [product3, encoderBias3], 'encoder_3_biased');
  const features = node('Relu', [biased3], 'features');

  // LSTM cell
  const hidden = node('Gather', ['state', layer0], 'hidden', { axis: 0 });
  const cell = node('Gather', ['state', layer1], 'cell', { axis: 0 });
  const inputGates = node('MatMul', [features, inputGateMatrix], 'input_gates');
  const inputGatesBiased = node('Add', [inputGates, inputGateBias], 'input_gates_biased');
  const hiddenGates = node('MatMul', [hidden, hiddenGateMatrix], 'hidden_gates');
  const hiddenGatesBiased = node('Add', [hiddenGates, hiddenGateBias], 'hidden_gates_biased');
  const gates = node('Add', [inputGatesBiased, hiddenGatesBiased], 'gates');
  const [inputGate, forgetGate, cellGate, outputGate] = [
    'input_gate',
    'forget_gate',
    'cell_gate',
    'output_gate',
  ];
  node('Split', [gates, gateSizes], [inputGate, forgetGate, cellGate, outputGate], { axis: 1 });
  const inputSigmoid = node('Sigmoid', [inputGate], 'input_sigmoid');
  const forgetSigmoid = node('Sigmoid', [forgetGate], 'forget_sigmoid');
  const cellTanh = node('Tanh', [cellGate], 'cell_tanh');
  const outputSigmoid = node('Sigmoid', [outputGate], 'output_sigmoid');
  const kept = node('Mul', [forgetSigmoid, cell], 'cell_kept');
  const added = node('Mul', [inputSigmoid, cellTanh], 'cell_added');
  const nextCell = node('Add', [kept, added], 'next_cell');
  const nextCellTanh = node('Tanh', [nextCell], 'next_cell_tanh');
  const nextHidden = node('Mul', [outputSigmoid, nextCellTanh], 'next_hidden');
  const hiddenLayer = node('Unsqueeze', [nextHidden, axis0], 'next_hidden_layer');
  const cellLayer = node('Unsqueeze', [nextCell, axis0], 'next_cell_layer');
  node('Concat', [hiddenLayer, cellLayer], 'stateN', { axis: 0 });

  // decoder: ReLU, 1×1 convolution, sigmoid
  const rectified = node('Relu', [nextHidden], 'decoder_input');
  const logit = node('MatMul', [rectified, decoderMatrix], 'decoder_product');
  const biasedLogit = node('Add', [logit, decoderBias], 'logit');
  node('Sigmoid', [biasedLogit], 'output');

  return writeOnnxModel({
    irVersion: IR_VERSION,
    producerName: PRODUCER_NAME,
    operatorSetVersion: OPERATOR_SET_VERSION,
    graph: {
      name: `silero_vad_${weights.sampleRate}_matmul`,
      nodes,
      initializers,
      inputs: [
        { name: 'input', elementType: ONNX_DATA_TYPE.float, dims: ['batch', shape.inputSamples] },
        {
          name: 'state',
          elementType: ONNX_DATA_TYPE.float,
          dims: [SILERO_STATE_LAYERS, 'batch', units],
        },
        { name: 'sr', elementType: ONNX_DATA_TYPE.int64, dims: [] },
      ],
      outputs: [
        { name: 'output', elementType: ONNX_DATA_TYPE.float, dims: ['batch', 1] },
        {
          name: 'stateN',
          elementType: ONNX_DATA_TYPE.float,
          dims: [SILERO_STATE_LAYERS, 'batch', units],
        },
      ],
    },
  });
}
