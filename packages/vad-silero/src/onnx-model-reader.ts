import { ONNX_DATA_LOCATION_EXTERNAL, ONNX_DATA_TYPE, ONNX_FIELD } from './onnx-schema.js';
import {
  int64Of,
  type ProtobufField,
  readPackedFloat32,
  readPackedVarints,
  readProtobufFields,
  stringOf,
  WIRE_TYPE,
} from './protobuf-reader.js';

/** A `TensorProto`: a constant or an initializer. Values stay in the file's bytes until asked. */
export interface OnnxTensor {
  readonly name: string;
  /** `TensorProto.DataType` (1 float, 7 int64, …). */
  readonly dataType: number;
  readonly dims: readonly number[];
  /** `raw_data` (little-endian), a view into the model's bytes; `undefined` when absent. */
  readonly rawData: Uint8Array | undefined;
  /** `float_data`, when the values are stored there instead. */
  readonly floatData: readonly number[];
  /** `int64_data`, when the values are stored there instead. */
  readonly int64Data: readonly bigint[];
  /** The values live in another file (not supported by `float32Values`). */
  readonly external: boolean;
}

/** An `AttributeProto` (only the kinds of value used by Silero's graph are kept). */
export interface OnnxAttribute {
  readonly name: string;
  /** `AttributeProto.AttributeType`. */
  readonly type: number;
  readonly int: bigint | undefined;
  readonly float: number | undefined;
  readonly string: Uint8Array | undefined;
  readonly tensor: OnnxTensor | undefined;
  readonly graph: OnnxGraph | undefined;
  readonly ints: readonly bigint[];
  readonly floats: readonly number[];
  readonly graphs: readonly OnnxGraph[];
}

/** A `NodeProto`: one operator. */
export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly OnnxAttribute[];
}

/** A `GraphProto` (the main graph, or the branch of an `If`). */
export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  /** Names of the graph's inputs. */
  readonly inputs: readonly string[];
  /** Names of the graph's outputs. */
  readonly outputs: readonly string[];
}

/** An operator set the model imports. */
export interface OnnxOperatorSet {
  readonly domain: string;
  readonly version: number;
}

/** A `ModelProto`. */
export interface OnnxModel {
  readonly irVersion: number;
  readonly producerName: string;
  readonly operatorSets: readonly OnnxOperatorSet[];
  readonly graph: OnnxGraph;
}

/** The bytes are protobuf but not the ONNX model expected (a field of the wrong kind, no graph). */
export class OnnxFormatError extends Error {
  override readonly name = 'OnnxFormatError';
}

/** Bytes of one float32 / int64 value. */
const FLOAT32_BYTES = 4;
const INT64_BYTES = 8;

/** Where each message's bytes start in the file, for error messages. */
class Source {
  readonly #root: Uint8Array;
  constructor(root: Uint8Array) {
    this.#root = root;
  }
  offsetOf(bytes: Uint8Array): number {
    return bytes.byteOffset - this.#root.byteOffset;
  }
  fields(bytes: Uint8Array): Generator<ProtobufField, void, undefined> {
    return readProtobufFields(bytes, this.offsetOf(bytes));
  }
}

function lengthDelimited(field: ProtobufField, where: string): Uint8Array {
  if (field.wireType !== WIRE_TYPE.lengthDelimited) {
    throw new OnnxFormatError(
      `${where} (field ${field.number}) has wire type ${field.wireType}, expected length-delimited`,
    );
  }
  return field.value;
}

function varint(field: ProtobufField, where: string): bigint {
  if (field.wireType !== WIRE_TYPE.varint) {
    throw new OnnxFormatError(
      `${where} (field ${field.number}) has wire type ${field.wireType}, expected a varint`,
    );
  }
  return field.value;
}

function safeNumber(value: bigint, where: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new OnnxFormatError(`${where} is ${value}, out of range`);
  }
  return Number(value);
}

/** Repeated varints, packed or not: adds the field's elements to `into`. */
function addVarints(source: Source, field: ProtobufField, into: bigint[]): void {
  if (field.wireType === WIRE_TYPE.varint) into.push(field.value);
  else if (field.wireType === WIRE_TYPE.lengthDelimited) {
    into.push(...readPackedVarints(field.value, source.offsetOf(field.value)));
  } else {
    throw new OnnxFormatError(
      `repeated varint field ${field.number} has wire type ${field.wireType}`,
    );
  }
}

/** Repeated 32-bit floats, packed or not: adds the field's elements to `into`. */
function addFloats(source: Source, field: ProtobufField, into: number[]): void {
  if (field.wireType === WIRE_TYPE.fixed32 || field.wireType === WIRE_TYPE.lengthDelimited) {
    into.push(...readPackedFloat32(field.value, source.offsetOf(field.value)));
  } else {
    throw new OnnxFormatError(
      `repeated float field ${field.number} has wire type ${field.wireType}`,
    );
  }
}

function readTensor(source: Source, bytes: Uint8Array): OnnxTensor {
  const fields = ONNX_FIELD.tensor;
  let name = '';
  let dataType = 0;
  const dims: bigint[] = [];
  let rawData: Uint8Array | undefined;
  const floatData: number[] = [];
  const int64Data: bigint[] = [];
  let external = false;
  for (const field of source.fields(bytes)) {
    switch (field.number) {
      case fields.dims:
        addVarints(source, field, dims);
        break;
      case fields.dataType:
        dataType = safeNumber(varint(field, 'TensorProto.data_type'), 'TensorProto.data_type');
        break;
      case fields.name:
        name = stringOf(lengthDelimited(field, 'TensorProto.name'));
        break;
      case fields.rawData:
        rawData = lengthDelimited(field, 'TensorProto.raw_data');
        break;
      case fields.floatData:
        addFloats(source, field, floatData);
        break;
      case fields.int64Data: {
        const values: bigint[] = [];
        addVarints(source, field, values);
        int64Data.push(...values.map(int64Of));
        break;
      }
      case fields.externalData:
        external = true;
        break;
      case fields.dataLocation:
        external ||=
          varint(field, 'TensorProto.data_location') === BigInt(ONNX_DATA_LOCATION_EXTERNAL);
        break;
    }
  }
  return {
    name,
    dataType,
    dims: dims.map((dim) => safeNumber(int64Of(dim), `dimension of tensor ${name}`)),
    rawData,
    floatData,
    int64Data,
    external,
  };
}

function readAttribute(source: Source, bytes: Uint8Array): OnnxAttribute {
  const fields = ONNX_FIELD.attribute;
  let name = '';
  let type = 0;
  let int: bigint | undefined;
  let float: number | undefined;
  let string: Uint8Array | undefined;
  let tensor: OnnxTensor | undefined;
  let graph: OnnxGraph | undefined;
  const ints: bigint[] = [];
  const floats: number[] = [];
  const graphs: OnnxGraph[] = [];
  for (const field of source.fields(bytes)) {
    switch (field.number) {
      case fields.name:
        name = stringOf(lengthDelimited(field, 'AttributeProto.name'));
        break;
      case fields.type:
        type = safeNumber(varint(field, 'AttributeProto.type'), 'AttributeProto.type');
        break;
      case fields.int:
        int = int64Of(varint(field, 'AttributeProto.i'));
        break;
      case fields.float: {
        const values: number[] = [];
        addFloats(source, field, values);
        float = values[0];
        break;
      }
      case fields.string:
        string = lengthDelimited(field, 'AttributeProto.s');
        break;
      case fields.tensor:
        tensor = readTensor(source, lengthDelimited(field, 'AttributeProto.t'));
        break;
      case fields.graph:
        graph = readGraph(source, lengthDelimited(field, 'AttributeProto.g'));
        break;
      case fields.ints: {
        const values: bigint[] = [];
        addVarints(source, field, values);
        ints.push(...values.map(int64Of));
        break;
      }
      case fields.floats:
        addFloats(source, field, floats);
        break;
      case fields.graphs:
        graphs.push(readGraph(source, lengthDelimited(field, 'AttributeProto.graphs')));
        break;
    }
  }
  return { name, type, int, float, string, tensor, graph, ints, floats, graphs };
}

function readNode(source: Source, bytes: Uint8Array): OnnxNode {
  const fields = ONNX_FIELD.node;
  let name = '';
  let opType = '';
  let domain = '';
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: OnnxAttribute[] = [];
  for (const field of source.fields(bytes)) {
    switch (field.number) {
      case fields.input:
        inputs.push(stringOf(lengthDelimited(field, 'NodeProto.input')));
        break;
      case fields.output:
        outputs.push(stringOf(lengthDelimited(field, 'NodeProto.output')));
        break;
      case fields.name:
        name = stringOf(lengthDelimited(field, 'NodeProto.name'));
        break;
      case fields.opType:
        opType = stringOf(lengthDelimited(field, 'NodeProto.op_type'));
        break;
      case fields.domain:
        domain = stringOf(lengthDelimited(field, 'NodeProto.domain'));
        break;
      case fields.attribute:
        attributes.push(readAttribute(source, lengthDelimited(field, 'NodeProto.attribute')));
        break;
    }
  }
  return { name, opType, domain, inputs, outputs, attributes };
}

/** The name of a `ValueInfoProto` (its type is not needed here). */
function readValueName(source: Source, bytes: Uint8Array): string {
  let name = '';
  for (const field of source.fields(bytes)) {
    if (field.number === ONNX_FIELD.valueInfo.name) {
      name = stringOf(lengthDelimited(field, 'ValueInfoProto.name'));
    }
  }
  return name;
}

function readGraph(source: Source, bytes: Uint8Array): OnnxGraph {
  const fields = ONNX_FIELD.graph;
  let name = '';
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const field of source.fields(bytes)) {
    switch (field.number) {
      case fields.node:
        nodes.push(readNode(source, lengthDelimited(field, 'GraphProto.node')));
        break;
      case fields.name:
        name = stringOf(lengthDelimited(field, 'GraphProto.name'));
        break;
      case fields.initializer:
        initializers.push(readTensor(source, lengthDelimited(field, 'GraphProto.initializer')));
        break;
      case fields.input:
        inputs.push(readValueName(source, lengthDelimited(field, 'GraphProto.input')));
        break;
      case fields.output:
        outputs.push(readValueName(source, lengthDelimited(field, 'GraphProto.output')));
        break;
    }
  }
  return { name, nodes, initializers, inputs, outputs };
}

function readOperatorSet(source: Source, bytes: Uint8Array): OnnxOperatorSet {
  let domain = '';
  let version = 0;
  for (const field of source.fields(bytes)) {
    if (field.number === ONNX_FIELD.operatorSetId.domain) {
      domain = stringOf(lengthDelimited(field, 'OperatorSetIdProto.domain'));
    } else if (field.number === ONNX_FIELD.operatorSetId.version) {
      version = safeNumber(varint(field, 'OperatorSetIdProto.version'), 'opset version');
    }
  }
  return { domain, version };
}

/**
 * Reads an ONNX `ModelProto`: the graph with its nodes, attributes (subgraphs of `If` nodes
 * included), initializers and constants, and the imported operator sets. Tensor values are not
 * copied: `rawData` views the given bytes.
 *
 * @throws ProtobufDecodeError when the bytes are not protobuf (truncated, garbled), naming the byte.
 * @throws OnnxFormatError when they are protobuf but not an ONNX model.
 */
export function readOnnxModel(bytes: Uint8Array): OnnxModel {
  const source = new Source(bytes);
  const fields = ONNX_FIELD.model;
  let irVersion = 0;
  let producerName = '';
  const operatorSets: OnnxOperatorSet[] = [];
  let graph: OnnxGraph | undefined;
  for (const field of source.fields(bytes)) {
    switch (field.number) {
      case fields.irVersion:
        irVersion = safeNumber(varint(field, 'ModelProto.ir_version'), 'ModelProto.ir_version');
        break;
      case fields.producerName:
        producerName = stringOf(lengthDelimited(field, 'ModelProto.producer_name'));
        break;
      case fields.opsetImport:
        operatorSets.push(
          readOperatorSet(source, lengthDelimited(field, 'ModelProto.opset_import')),
        );
        break;
      case fields.graph:
        graph = readGraph(source, lengthDelimited(field, 'ModelProto.graph'));
        break;
    }
  }
  if (!graph) throw new OnnxFormatError('not an ONNX model: it has no graph');
  if (irVersion === 0) throw new OnnxFormatError('not an ONNX model: it has no IR version');
  return { irVersion, producerName, operatorSets, graph };
}

/** How errors name a tensor (those of `Constant` nodes have no name of their own). */
function tensorLabel(tensor: OnnxTensor): string {
  return tensor.name ? `tensor ${tensor.name}` : 'an unnamed tensor';
}

function elementCount(tensor: OnnxTensor): number {
  return tensor.dims.reduce((product, dim) => product * dim, 1);
}

function checkedRawData(tensor: OnnxTensor, elementBytes: number): Uint8Array | undefined {
  if (tensor.external) {
    throw new OnnxFormatError(`${tensorLabel(tensor)} keeps its data in an external file`);
  }
  const raw = tensor.rawData;
  if (raw && raw.length !== elementCount(tensor) * elementBytes) {
    throw new OnnxFormatError(
      `${tensorLabel(tensor)} of shape [${tensor.dims.join(', ')}] has ${raw.length} bytes of data, expected ${elementCount(tensor) * elementBytes}`,
    );
  }
  return raw;
}

/** A float32 tensor's values (a copy), from `raw_data` or `float_data`. */
export function float32Values(tensor: OnnxTensor): Float32Array {
  if (tensor.dataType !== ONNX_DATA_TYPE.float) {
    throw new OnnxFormatError(
      `${tensorLabel(tensor)} has data type ${tensor.dataType}, expected float32`,
    );
  }
  const raw = checkedRawData(tensor, FLOAT32_BYTES);
  const count = elementCount(tensor);
  if (!raw) {
    if (tensor.floatData.length !== count) {
      throw new OnnxFormatError(
        `${tensorLabel(tensor)} has ${tensor.floatData.length} values, expected ${count}`,
      );
    }
    return Float32Array.from(tensor.floatData);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values = new Float32Array(count);
  for (let index = 0; index < count; index++) {
    values[index] = view.getFloat32(index * FLOAT32_BYTES, true);
  }
  return values;
}

/** An int64 tensor's values (a copy), from `raw_data` or `int64_data`. */
export function int64Values(tensor: OnnxTensor): BigInt64Array {
  if (tensor.dataType !== ONNX_DATA_TYPE.int64) {
    throw new OnnxFormatError(
      `${tensorLabel(tensor)} has data type ${tensor.dataType}, expected int64`,
    );
  }
  const raw = checkedRawData(tensor, INT64_BYTES);
  const count = elementCount(tensor);
  if (!raw) {
    if (tensor.int64Data.length !== count) {
      throw new OnnxFormatError(
        `${tensorLabel(tensor)} has ${tensor.int64Data.length} values, expected ${count}`,
      );
    }
    return BigInt64Array.from(tensor.int64Data);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values = new BigInt64Array(count);
  for (let index = 0; index < count; index++) {
    values[index] = view.getBigInt64(index * INT64_BYTES, true);
  }
  return values;
}
