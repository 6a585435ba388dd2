import { describe, expect, it } from 'vitest';
import { float32Values, int64Values, readOnnxModel } from './onnx-model-reader.js';
import { type OnnxModelDescription, writeOnnxModel } from './onnx-model-writer.js';
import { ONNX_ATTRIBUTE_TYPE, ONNX_DATA_TYPE } from './onnx-schema.js';

/** `output = Relu(input · weights + bias)` with the input padded by one column of zeros. */
const SMALL_MODEL: OnnxModelDescription = {
  irVersion: 8,
  producerName: 'test',
  operatorSetVersion: 17,
  graph: {
    name: 'small',
    nodes: [
      {
        opType: 'Pad',
        inputs: ['input', 'pads'],
        outputs: ['padded'],
        attributes: { mode: 'constant' },
      },
      { opType: 'MatMul', inputs: ['padded', 'weights'], outputs: ['product'] },
      { opType: 'Add', inputs: ['product', 'bias'], outputs: ['sum'] },
      { opType: 'Relu', inputs: ['sum'], outputs: ['rectified'] },
      {
        opType: 'Concat',
        inputs: ['rectified', 'rectified'],
        outputs: ['output'],
        attributes: { axis: -1 },
      },
    ],
    initializers: [
      { name: 'weights', dims: [3, 2], values: Float32Array.of(1, 2, 3, 4, 5, 6) },
      { name: 'bias', dims: [2], values: Float32Array.of(-1, 0.5) },
      { name: 'pads', dims: [4], values: BigInt64Array.of(0n, 0n, 0n, 1n) },
    ],
    inputs: [{ name: 'input', elementType: ONNX_DATA_TYPE.float, dims: ['batch', 2] }],
    outputs: [{ name: 'output', elementType: ONNX_DATA_TYPE.float, dims: ['batch', 4] }],
  },
};

describe('writeOnnxModel', () => {
  it('writes what readOnnxModel reads back: nodes, attributes, initializers, inputs, outputs', () => {
    const model = readOnnxModel(writeOnnxModel(SMALL_MODEL));
    expect(model.irVersion).toBe(8);
    expect(model.producerName).toBe('test');
    expect(model.operatorSets).toEqual([{ domain: '', version: 17 }]);
    expect(model.graph.name).toBe('small');
    expect(model.graph.inputs).toEqual(['input']);
    expect(model.graph.outputs).toEqual(['output']);
    expect(model.graph.nodes.map((node) => [node.opType, node.inputs, node.outputs])).toEqual(
      SMALL_MODEL.graph.nodes.map((node) => [node.opType, node.inputs, node.outputs]),
    );
    const [pad, , , , concat] = model.graph.nodes;
    expect(pad!.attributes[0]).toMatchObject({ name: 'mode', type: ONNX_ATTRIBUTE_TYPE.string });
    expect(new TextDecoder().decode(pad!.attributes[0]!.string)).toBe('constant');
    expect(concat!.attributes[0]).toMatchObject({
      name: 'axis',
      type: ONNX_ATTRIBUTE_TYPE.int,
      int: -1n,
    });
    const [weights, bias, pads] = model.graph.initializers;
    expect(weights!.dims).toEqual([3, 2]);
    expect([...float32Values(weights!)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...float32Values(bias!)]).toEqual([-1, 0.5]);
    expect([...int64Values(pads!)]).toEqual([0n, 0n, 0n, 1n]);
  });

  it('writes a model onnxruntime runs', async () => {
    const { InferenceSession, Tensor } = await import('onnxruntime-node');
    const session = await InferenceSession.create(writeOnnxModel(SMALL_MODEL));
    const input = new Tensor('float32', Float32Array.of(1, 1, -1, 0), [2, 2]);
    const { output } = await session.run({ input });
    // [1, 1, 0] · W + b = [4 − 1, 6 + 0.5]; [−1, 0, 0] · W + b = [−2, −1.5] → 0
    expect(output!.dims).toEqual([2, 4]);
    expect([...(output!.data as Float32Array)]).toEqual([3, 6.5, 3, 6.5, 0, 0, 0, 0]);
    await session.release();
  });

  it('refuses a tensor whose values do not fill its shape', () => {
    const model = {
      ...SMALL_MODEL,
      graph: {
        ...SMALL_MODEL.graph,
        initializers: [{ name: 'weights', dims: [3, 3], values: new Float32Array(6) }],
      },
    };
    expect(() => writeOnnxModel(model)).toThrow(/weights of shape \[3, 3\] needs 9 values, got 6/);
  });
});
