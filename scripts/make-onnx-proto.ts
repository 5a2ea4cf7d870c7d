// Turns the committed official schema (src/model/onnx/vendor/onnx.proto, third-party, kept unchanged) into the JSON descriptor
// that src/model/onnx/proto.ts loads with protobufjs's light build. The worker, the CLI
// bundle and vitest then all import plain JSON: no .proto text loader, no file read at run
// time, and no hand-written decoder. Field names keep the schema's snake_case (raw_data,
// op_type), as every ONNX tool spells them. proto.test.ts checks the descriptor is current.
//   npm run onnx:proto
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const here = dirname(fileURLToPath(import.meta.url));
const protoPath = resolve(here, '../src/model/onnx/vendor/onnx.proto');
const outPath = resolve(here, '../src/model/onnx/proto.descriptor.json');

/** The descriptor of the schema text, as the committed JSON holds it. */
export function onnxDescriptor(text: string): string {
  const { root } = protobuf.parse(text, { keepCase: true, alternateCommentMode: false });
  return `${JSON.stringify(root.toJSON({ keepComments: false }), null, 1)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(outPath, onnxDescriptor(readFileSync(protoPath, 'utf8')));
  console.log(`wrote ${outPath}`);
}
