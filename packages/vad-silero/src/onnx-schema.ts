/**
 * Field numbers and enum values of the ONNX messages this package reads and writes, from
 * `onnx/onnx.proto` (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto). Only the fields
 * used here are listed; the reader skips the others.
 */
export const ONNX_FIELD = Object.freeze({
  model: Object.freeze({
    irVersion: 1,
    producerName: 2,
    producerVersion: 3,
    graph: 7,
    opsetImport: 8,
  }),
  operatorSetId: Object.freeze({ domain: 1, version: 2 }),
  graph: Object.freeze({
    node: 1,
    name: 2,
    initializer: 5,
    input: 11,
    output: 12,
  }),
  node: Object.freeze({
    input: 1,
    output: 2,
    name: 3,
    opType: 4,
    attribute: 5,
    domain: 7,
  }),
  attribute: Object.freeze({
    name: 1,
    float: 2,
    int: 3,
    string: 4,
    tensor: 5,
    graph: 6,
    floats: 7,
    ints: 8,
    graphs: 11,
    type: 20,
  }),
  tensor: Object.freeze({
    dims: 1,
    dataType: 2,
    floatData: 4,
    int64Data: 7,
    name: 8,
    rawData: 9,
    externalData: 13,
    dataLocation: 14,
  }),
  valueInfo: Object.freeze({ name: 1, type: 2 }),
  type: Object.freeze({ tensorType: 1 }),
  tensorType: Object.freeze({ elementType: 1, shape: 2 }),
  tensorShape: Object.freeze({ dimension: 1 }),
  dimension: Object.freeze({ value: 1, parameter: 2 }),
});

/** `TensorProto.DataType` values used here. */
export const ONNX_DATA_TYPE = Object.freeze({ float: 1, int64: 7 });

/** `AttributeProto.AttributeType` values used here. */
export const ONNX_ATTRIBUTE_TYPE = Object.freeze({
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  graph: 5,
  floats: 6,
  ints: 7,
  graphs: 10,
});

/** `TensorProto.DataLocation.EXTERNAL`: the tensor's data is in another file. */
export const ONNX_DATA_LOCATION_EXTERNAL = 1;
