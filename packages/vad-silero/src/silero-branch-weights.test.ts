import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  float32Values,
  OnnxFormatError,
  type OnnxGraph,
  readOnnxModel,
} from './onnx-model-reader.js';
import { writeOnnxModel } from './onnx-model-writer.js';
import { ONNX_DATA_TYPE } from './onnx-schema.js';
import { extractSileroBranchWeights } from './silero-branch-weights.js';
import { sileroModelPath } from './silero-model-file.js';

const SILERO_MODEL = readOnnxModel(readFileSync(sileroModelPath()));

/** A model whose only tensor is `name` with `dims` (zeros). */
function modelWithTensor(name: string, dims: number[]) {
  const count = dims.reduce((product, dim) => product * dim, 1);
  return readOnnxModel(
    writeOnnxModel({
      irVersion: 8,
      producerName: 'test',
      operatorSetVersion: 17,
      graph: {
        name: 'other',
        nodes: [{ opType: 'Identity', inputs: ['input'], outputs: ['output'] }],
        initializers: [{ name, dims, values: new Float32Array(count) }],
        inputs: [{ name: 'input', elementType: ONNX_DATA_TYPE.float, dims: [1] }],
        outputs: [{ name: 'output', elementType: ONNX_DATA_TYPE.float, dims: [1] }],
      },
    }),
  );
}

/** The tensor of the `Constant` node named `output`, searched through every subgraph. */
function constantValues(graph: OnnxGraph, output: string): Float32Array | undefined {
  for (const node of graph.nodes) {
    for (const attribute of node.attributes) {
      if (node.outputs[0] === output && attribute.tensor) return float32Values(attribute.tensor);
      const found = attribute.graph && constantValues(attribute.graph, output);
      if (found) return found;
    }
  }
  return undefined;
}

describe('extractSileroBranchWeights', () => {
  it("takes the 8 kHz branch's layers out of Silero v5.1, with their PyTorch shapes", () => {
    const weights = extractSileroBranchWeights(SILERO_MODEL, 8000);
    expect(weights.filterSamples).toBe(128);
    expect(weights.stftBasis.dims).toEqual([130, 1, 128]);
    expect(weights.encoder.map((layer) => layer.weight.dims)).toEqual([
      [128, 65, 3],
      [64, 128, 3],
      [64, 64, 3],
      [128, 64, 3],
    ]);
    expect(weights.lstm.inputWeights.dims).toEqual([512, 128]);
    expect(weights.lstm.hiddenBias.values).toHaveLength(512);
    expect(weights.decoder.weight.dims).toEqual([1, 128, 1]);
    expect(weights.encoder[1].weight.values).toEqual(
      constantValues(
        SILERO_MODEL.graph,
        'If_0_else_branch__Inline_0__encoder.1.reparam_conv.weight',
      ),
    );
  });

  it("takes the 16 kHz branch's own layers", () => {
    const wideband = extractSileroBranchWeights(SILERO_MODEL, 16_000);
    const narrowband = extractSileroBranchWeights(SILERO_MODEL, 8000);
    expect(wideband.filterSamples).toBe(256);
    expect(wideband.stftBasis.dims).toEqual([258, 1, 256]);
    expect(wideband.encoder[0].weight.dims).toEqual([128, 129, 3]);
    expect(wideband.lstm.inputWeights.values).not.toEqual(narrowband.lstm.inputWeights.values);
  });

  it('names the first tensor a model lacks', () => {
    const other = modelWithTensor('weights', [2]);
    expect(() => extractSileroBranchWeights(other, 8000)).toThrow(OnnxFormatError);
    expect(() => extractSileroBranchWeights(other, 8000)).toThrow(
      'the model has no tensor If_0_else_branch__Inline_0__stft.forward_basis_buffer (is it Silero VAD v5?)',
    );
  });

  it('names a tensor of another shape', () => {
    const other = modelWithTensor(
      'If_0_then_branch__Inline_0__stft.forward_basis_buffer',
      [130, 1, 128],
    );
    expect(() => extractSileroBranchWeights(other, 16_000)).toThrow(
      'tensor If_0_then_branch__Inline_0__stft.forward_basis_buffer has shape [130, 1, 128], expected [258, 1, 256]',
    );
  });

  it('knows no other sample rate', () => {
    expect(() => extractSileroBranchWeights(SILERO_MODEL, 44_100)).toThrow(RangeError);
  });
});
