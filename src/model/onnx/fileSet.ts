/**
 * A dropped file set (files, a folder or an unzipped .zip, as path → bytes) holding an
 * ONNX model: the one `.onnx` file and any external data files beside it (`model.onnx.data`,
 * `weights.bin`, … — whatever `location` the tensors name, relative to the .onnx).
 * No runtime imported here: the worker asks `hasOnnxFile` before it loads onnxruntime.
 */
import { ModelLoadError } from '../errors';

const ONNX = /\.onnx$/i;

/** True when the set holds an .onnx file (and so is opened as ONNX). */
export function hasOnnxFile(paths: Iterable<string>): boolean {
  for (const p of paths) if (ONNX.test(p)) return true;
  return false;
}

export const base = (p: string) => p.split('/').pop() ?? p;
const dir = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '');

/** The .onnx path of the set; a one-line error when there are several or none. */
export function findOnnxFile(paths: Iterable<string>): string {
  const found = [...paths].filter((p) => ONNX.test(p) && !base(p).startsWith('._'));
  if (found.length === 0) throw new ModelLoadError('no .onnx file among the dropped files');
  if (found.length > 1) throw new ModelLoadError(`several .onnx files dropped (${found.slice(0, 3).map(base).join(', ')}${found.length > 3 ? ', …' : ''}): drop one model at a time`);
  return found[0];
}

/** Resolves an external data `location` against the .onnx's folder, then by file name. */
export function externalResolver(files: ReadonlyMap<string, Uint8Array>, onnxPath: string): (location: string) => Uint8Array | undefined {
  const folder = dir(onnxPath);
  return (location) => {
    const clean = location.replace(/^\.\//, '');
    if (clean.includes('..')) return undefined;
    return files.get(folder + clean) ?? files.get(clean) ?? [...files].find(([p]) => base(p) === base(clean))?.[1];
  };
}
