import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  float32Values,
  int64Values,
  OnnxFormatError,
  type OnnxGraph,
  readOnnxModel,
} from './onnx-model-reader.js';
import { ProtobufDecodeError } from './protobuf-reader.js';
import { sileroModelPath } from './silero-model-file.js';

const SILERO_FILE = readFileSync(sileroModelPath());

function subgraph(graph: OnnxGraph, opType: string, attribute: string): OnnxGraph {
  const node = graph.nodes.find((candidate) => candidate.opType === opType)!;
  return node.attributes.find((candidate) => candidate.name === attribute)!.graph!;
}

describe('readOnnxModel', () => {
  it("reads Silero v5.1's model: version, operator set, inputs, outputs and the If on sr", () => {
    const model = readOnnxModel(SILERO_FILE);
    expect(model.irVersion).toBe(8);
    expect(model.producerName).toBe('spox');
    expect(model.operatorSets).toEqual([{ domain: '', version: 16 }]);
    expect(model.graph.inputs).toEqual(['input', 'state', 'sr']);
    expect(model.graph.outputs).toEqual(['output', 'stateN']);
    expect(model.graph.nodes.map((node) => node.opType)).toEqual([
      'Constant',
      'Equal',
      'If',
      'Identity',
      'Identity',
    ]);
    const rate = model.graph.nodes[0]!.attributes[0]!.tensor!;
    expect(rate.dims).toEqual([]);
    expect([...int64Values(rate)]).toEqual([16_000n]);
    expect(model.graph.nodes[1]!.inputs).toEqual(['sr', 'Constant_0_output']);
  });

  it('reads the constants inside the branches of If nodes, with their shapes and values', () => {
    const model = readOnnxModel(SILERO_FILE);
    const narrowband = subgraph(model.graph, 'If', 'else_branch');
    const basis = narrowband.nodes.find(
      (node) => node.outputs[0] === 'If_0_else_branch__Inline_0__stft.forward_basis_buffer',
    )!;
    expect(basis.opType).toBe('Constant');
    const tensor = basis.attributes[0]!.tensor!;
    expect(tensor.dims).toEqual([130, 1, 128]);
    const values = float32Values(tensor);
    expect(values).toHaveLength(130 * 128);
    // row 0 of the basis is the window itself (cosine of 0), a Hann window: 0 at the ends
    expect(values[0]).toBeCloseTo(0, 6);
    expect(Math.max(...values.subarray(0, 128))).toBeCloseTo(1, 2);
    // branches nest: the decoder's If inside the narrowband branch has its own subgraphs
    expect(narrowband.nodes.filter((node) => node.opType === 'If').length).toBeGreaterThan(0);
    expect(subgraph(narrowband, 'If', 'then_branch').nodes.length).toBeGreaterThan(0);
  });

  it('refuses a truncated file with a ProtobufDecodeError naming the byte', () => {
    const truncated = SILERO_FILE.subarray(0, 1_000_000);
    expect(() => readOnnxModel(truncated)).toThrow(ProtobufDecodeError);
    expect(() => readOnnxModel(truncated)).toThrow(
      /runs past the end of its message .* at byte \d+/,
    );
  });

  it('refuses protobuf that is not an ONNX model', () => {
    // field 1 (ir_version) only: no graph
    expect(() => readOnnxModel(Uint8Array.of(0x08, 0x08))).toThrow(
      new OnnxFormatError('not an ONNX model: it has no graph'),
    );
    // field 7 (graph) as a varint
    expect(() => readOnnxModel(Uint8Array.of(0x08, 0x08, 0x38, 0x01))).toThrow(
      /ModelProto.graph \(field 7\) has wire type 0, expected length-delimited/,
    );
  });

  it('refuses tensor data that does not fill the shape, or of another type', () => {
    const model = readOnnxModel(SILERO_FILE);
    const rate = model.graph.nodes[0]!.attributes[0]!.tensor!;
    expect(() => float32Values(rate)).toThrow(
      /an unnamed tensor has data type 7, expected float32/,
    );
    expect(() => int64Values({ ...rate, dims: [2] })).toThrow(/has 1 values, expected 2/);
    const narrowband = subgraph(model.graph, 'If', 'else_branch');
    const basis = narrowband.nodes[0]!.attributes[0]!.tensor!;
    expect(() => float32Values({ ...basis, dims: [130, 1, 129] })).toThrow(
      /has 66560 bytes of data, expected 67080/,
    );
  });
});
