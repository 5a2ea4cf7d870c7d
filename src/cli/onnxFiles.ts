/**
 * ONNX models on disk for the CLI: `model.onnx`, or a folder holding one `.onnx` (and no
 * model.json), plus the external data files its tensors name (read from the .onnx's
 * folder, never outside it). And onnxruntime-web's set-up in Node: its wasm files are
 * loaded from the installed package, also when the CLI runs as the esbuild bundle.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeModel, type OnnxGraph } from '../model/onnx/proto';
import { configureOnnxRuntime } from '../model/onnx/runtime';
import { parseInputShape } from '../model/runtime/input';
import type { OnnxModel } from '../model/onnx/model';
import { CliError } from './errors';

/** The .onnx path an argument names (a file, or a folder holding exactly one), else null. */
export function onnxPathOf(arg: string): string | null {
  const p = resolve(arg);
  if (/\.onnx$/i.test(p)) return p;
  if (!existsSync(p) || !statSync(p).isDirectory() || existsSync(join(p, 'model.json'))) return null;
  const found = readdirSync(p).filter((f) => /\.onnx$/i.test(f));
  if (found.length > 1) throw new CliError(`${arg} holds several .onnx files (${found.join(', ')}): name one`);
  return found.length === 1 ? join(p, found[0]) : null;
}

function locations(g: OnnxGraph | undefined): string[] {
  const out = new Set<string>();
  for (const t of g?.initializer ?? []) {
    const loc = t.data_location === 1 ? t.external_data.find((e) => e.key === 'location')?.value : undefined;
    if (loc) out.add(loc);
  }
  return [...out];
}

/** The .onnx and its external data files as the file map openOnnxFiles takes. */
function readOnnxFiles(path: string): { files: Map<string, Uint8Array>; name: string } {
  if (!existsSync(path)) throw new CliError(`model file not found: ${path}`);
  const bytes = new Uint8Array(readFileSync(path));
  const files = new Map([[basename(path), bytes]]);
  let graph: OnnxGraph | undefined;
  try {
    graph = decodeModel(bytes).graph;
  } catch {
    graph = undefined; // the loader names what is wrong with the file
  }
  const dir = dirname(path);
  for (const loc of locations(graph)) {
    const full = resolve(dir, loc);
    if (relative(dir, full).startsWith('..')) throw new CliError(`${basename(path)}: external data '${loc}' points outside the model folder`);
    if (existsSync(full) && statSync(full).isFile()) files.set(loc, new Uint8Array(readFileSync(full)));
  }
  return { files, name: basename(path).replace(/\.onnx$/i, '') };
}

/** Points onnxruntime-web at its installed wasm files, single-threaded (the CLI's own workers sweep). */
function setUpOnnxRuntime(): void {
  const dist = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
  configureOnnxRuntime({ wasmPaths: `${pathToFileURL(dist).href}/`, numThreads: 1 });
}


/** Opens an ONNX model for a command, with onnxruntime set up and --input-shape applied. */
export async function openCliOnnx(path: string, inputShapeFlag: unknown): Promise<OnnxModel> {
  const inputShape = typeof inputShapeFlag === 'string' ? parseCliShape(inputShapeFlag) : undefined;
  const { files } = readOnnxFiles(path);
  setUpOnnxRuntime();
  const { openOnnxFiles } = await import('../model/onnx/files');
  return openOnnxFiles(files, { inputShape });
}

function parseCliShape(text: string): number[] {
  const dims = parseInputShape(text);
  if (typeof dims === 'string') throw new CliError(`--input-shape: ${dims}`);
  return dims;
}
