/** Opens the ONNX model of a dropped file set (see fileSet.ts for how the files are found). */
import { base, externalResolver, findOnnxFile } from './fileSet';
import { openOnnxModel, type OnnxModel } from './model';
import type { OnnxLoadOptions } from './load';


/** Opens the ONNX model of a dropped file set. */
export async function openOnnxFiles(files: ReadonlyMap<string, Uint8Array>, opts: Omit<OnnxLoadOptions, 'fileName' | 'external'> = {}): Promise<OnnxModel> {
  const path = findOnnxFile(files.keys());
  return openOnnxModel(files.get(path)!, { ...opts, fileName: base(path), external: externalResolver(files, path) });
}
