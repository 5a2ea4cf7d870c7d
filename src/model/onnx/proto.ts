/**
 * The ONNX protobuf schema, loaded once with protobufjs from the official onnx.proto
 * (committed beside this file, turned into proto.descriptor.json by
 * scripts/make-onnx-proto.ts). Decoding and encoding are protobufjs's own; this module only
 * gives the decoded messages TypeScript shapes. The same module runs in the worker (Vite),
 * the CLI (esbuild bundle / tsx) and vitest, since the descriptor is plain JSON.
 *
 * Decoded messages come back as plain objects (`toObject`): int64 fields as numbers
 * (values past 2^53 are not meaningful for dims or opset versions), repeated fields always
 * present as arrays, `bytes` fields as Uint8Array views into the input buffer (no copy),
 * absent optional fields absent. Field names are the schema's snake_case.
 */
import protobuf from 'protobufjs/light.js';
import descriptor from './proto.descriptor.json';

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const ModelProto = root.lookupType('onnx.ModelProto');
const TensorProtoType = root.lookupType('onnx.TensorProto');

/** TensorProto.DataType values the studio reads or writes (the schema has more). */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
  UINT4: 21,
  INT4: 22,
} as const;

/** AttributeProto.AttributeType values. */
export const AttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
} as const;

/** The schema's name for a TensorProto.DataType number ('FLOAT16'), or `type N` if unknown. */
export function dataTypeName(t: number): string {
  const e = TensorProtoType.lookupEnum('DataType');
  return e.valuesById[t] ?? `type ${t}`;
}

interface StringStringEntry { key?: string; value?: string }

export interface OnnxTensor {
  dims: number[];
  data_type?: number;
  name?: string;
  doc_string?: string;
  float_data: number[];
  int32_data: number[];
  string_data: Uint8Array[];
  int64_data: number[];
  double_data: number[];
  uint64_data: number[];
  raw_data?: Uint8Array;
  external_data: StringStringEntry[];
  /** 1 = EXTERNAL: the bytes live in a file named by external_data's `location`. */
  data_location?: number;
  segment?: unknown;
}

export interface OnnxAttribute {
  name?: string;
  ref_attr_name?: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  g?: OnnxGraph;
  floats: number[];
  ints: number[];
  strings: Uint8Array[];
  tensors: OnnxTensor[];
  graphs: OnnxGraph[];
}

export interface OnnxNode {
  input: string[];
  output: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute: OnnxAttribute[];
  doc_string?: string;
}

interface OnnxDimension { dim_value?: number; dim_param?: string; denotation?: string }

interface OnnxTypeProto {
  tensor_type?: { elem_type?: number; shape?: { dim: OnnxDimension[] } };
  sequence_type?: unknown;
  map_type?: unknown;
  optional_type?: unknown;
  sparse_tensor_type?: unknown;
  denotation?: string;
}

export interface OnnxValueInfo { name?: string; type?: OnnxTypeProto; doc_string?: string }

export interface OnnxGraph {
  node: OnnxNode[];
  name?: string;
  initializer: OnnxTensor[];
  sparse_initializer: unknown[];
  doc_string?: string;
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  value_info: OnnxValueInfo[];
}

interface OnnxOpsetId { domain?: string; version?: number }

export interface OnnxModel {
  ir_version?: number;
  opset_import: OnnxOpsetId[];
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: number;
  doc_string?: string;
  graph?: OnnxGraph;
  metadata_props: StringStringEntry[];
  functions: unknown[];
}

const toObjectOptions: protobuf.IConversionOptions = { longs: Number, enums: Number, arrays: true, defaults: false };

/**
 * Decodes a serialized ModelProto. Throws protobufjs's own error (e.g. "index out of range",
 * "invalid wire type 7") on bytes that are not protobuf or are cut short; callers turn it
 * into a one-line message naming the file.
 */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const message = ModelProto.decode(bytes);
  return ModelProto.toObject(message, toObjectOptions) as unknown as OnnxModel;
}

/**
 * Partial message shapes accepted by encodeModel: every field optional, as protobufjs's
 * fromObject takes them (numbers for int64, Uint8Array for bytes, snake_case names).
 */
export type OnnxModelInit = DeepPartial<OnnxModel>;
type DeepPartial<T> = T extends Uint8Array ? Uint8Array
  : T extends (infer U)[] ? DeepPartial<U>[]
    : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Serializes a ModelProto (packed repeated numbers, as the schema declares them). */
export function encodeModel(model: OnnxModelInit): Uint8Array {
  const err = ModelProto.verify(model);
  if (err) throw new Error(`invalid ONNX model object: ${err}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}
