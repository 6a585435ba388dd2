import { ONNX_ATTRIBUTE_TYPE, ONNX_DATA_TYPE, ONNX_FIELD } from './onnx-schema.js';
import { ProtobufWriter } from './protobuf-writer.js';

/** A constant tensor of the graph (an initializer). */
export interface OnnxTensorDescription {
  readonly name: string;
  readonly dims: readonly number[];
  /** Row-major values; the type gives the data type (float32 or int64). */
  readonly values: Float32Array | BigInt64Array;
}

/** One operator. Attributes are integers (`INT`) or strings (`STRING`), which is all needed here. */
export interface OnnxNodeDescription {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, number | string>>;
}

/** An input or output of the graph: its element type and shape (a string names a free dimension). */
export interface OnnxValueDescription {
  readonly name: string;
  readonly elementType: (typeof ONNX_DATA_TYPE)[keyof typeof ONNX_DATA_TYPE];
  readonly dims: readonly (number | string)[];
}

/** A whole model: one graph in the default (`ai.onnx`) domain. */
export interface OnnxModelDescription {
  readonly irVersion: number;
  readonly producerName: string;
  /** Version of the default operator set (`ai.onnx`). */
  readonly operatorSetVersion: number;
  readonly graph: {
    readonly name: string;
    readonly nodes: readonly OnnxNodeDescription[];
    readonly initializers: readonly OnnxTensorDescription[];
    readonly inputs: readonly OnnxValueDescription[];
    readonly outputs: readonly OnnxValueDescription[];
  };
}

const FLOAT32_BYTES = 4;
const INT64_BYTES = 8;

/** Values as little-endian bytes, as `TensorProto.raw_data` wants them. */
function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array {
  const elementBytes = values instanceof Float32Array ? FLOAT32_BYTES : INT64_BYTES;
  const bytes = new Uint8Array(values.length * elementBytes);
  const view = new DataView(bytes.buffer);
  if (values instanceof Float32Array) {
    for (let index = 0; index < values.length; index++) {
      view.setFloat32(index * FLOAT32_BYTES, values[index]!, true);
    }
  } else {
    for (let index = 0; index < values.length; index++) {
      view.setBigInt64(index * INT64_BYTES, values[index]!, true);
    }
  }
  return bytes;
}

function tensorMessage(tensor: OnnxTensorDescription): ProtobufWriter {
  const fields = ONNX_FIELD.tensor;
  const count = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (count !== tensor.values.length) {
    throw new RangeError(
      `tensor ${tensor.name} of shape [${tensor.dims.join(', ')}] needs ${count} values, got ${tensor.values.length}`,
    );
  }
  const writer = new ProtobufWriter();
  for (const dim of tensor.dims) writer.varint(fields.dims, dim);
  writer.varint(
    fields.dataType,
    tensor.values instanceof Float32Array ? ONNX_DATA_TYPE.float : ONNX_DATA_TYPE.int64,
  );
  writer.string(fields.name, tensor.name);
  writer.bytes(fields.rawData, littleEndianBytes(tensor.values));
  return writer;
}

function attributeMessage(name: string, value: number | string): ProtobufWriter {
  const fields = ONNX_FIELD.attribute;
  const writer = new ProtobufWriter().string(fields.name, name);
  if (typeof value === 'string') {
    writer.varint(fields.type, ONNX_ATTRIBUTE_TYPE.string).string(fields.string, value);
  } else {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`attribute ${name} must be an integer, got ${value}`);
    }
    writer.varint(fields.type, ONNX_ATTRIBUTE_TYPE.int).varint(fields.int, value);
  }
  return writer;
}

function nodeMessage(node: OnnxNodeDescription): ProtobufWriter {
  const fields = ONNX_FIELD.node;
  const writer = new ProtobufWriter();
  for (const input of node.inputs) writer.string(fields.input, input);
  for (const output of node.outputs) writer.string(fields.output, output);
  writer.string(fields.name, `${node.outputs[0] ?? node.opType}_node`);
  writer.string(fields.opType, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    writer.message(fields.attribute, attributeMessage(name, value));
  }
  return writer;
}

function valueInfoMessage(value: OnnxValueDescription): ProtobufWriter {
  const shape = new ProtobufWriter();
  for (const dim of value.dims) {
    const dimension = new ProtobufWriter();
    if (typeof dim === 'string') dimension.string(ONNX_FIELD.dimension.parameter, dim);
    else dimension.varint(ONNX_FIELD.dimension.value, dim);
    shape.message(ONNX_FIELD.tensorShape.dimension, dimension);
  }
  const tensorType = new ProtobufWriter()
    .varint(ONNX_FIELD.tensorType.elementType, value.elementType)
    .message(ONNX_FIELD.tensorType.shape, shape);
  const type = new ProtobufWriter().message(ONNX_FIELD.type.tensorType, tensorType);
  return new ProtobufWriter()
    .string(ONNX_FIELD.valueInfo.name, value.name)
    .message(ONNX_FIELD.valueInfo.type, type);
}

/** Encodes a model as ONNX (`ModelProto`) bytes, ready for `InferenceSession.create`. */
export function writeOnnxModel(model: OnnxModelDescription): Uint8Array {
  const fields = ONNX_FIELD.graph;
  const graph = new ProtobufWriter();
  for (const node of model.graph.nodes) graph.message(fields.node, nodeMessage(node));
  graph.string(fields.name, model.graph.name);
  for (const tensor of model.graph.initializers) {
    graph.message(fields.initializer, tensorMessage(tensor));
  }
  for (const input of model.graph.inputs) graph.message(fields.input, valueInfoMessage(input));
  for (const output of model.graph.outputs) graph.message(fields.output, valueInfoMessage(output));
  const operatorSet = new ProtobufWriter()
    .string(ONNX_FIELD.operatorSetId.domain, '')
    .varint(ONNX_FIELD.operatorSetId.version, model.operatorSetVersion);
  return new ProtobufWriter()
    .varint(ONNX_FIELD.model.irVersion, model.irVersion)
    .string(ONNX_FIELD.model.producerName, model.producerName)
    .message(ONNX_FIELD.model.graph, graph)
    .message(ONNX_FIELD.model.opsetImport, operatorSet)
    .finish();
}
