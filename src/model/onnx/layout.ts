/**
 * Between ONNX weight layouts and the studio's channels-last view, where the output
 * channel (filter) is the fastest axis, so element i belongs to filter i % filters:
 *   conv          [O, I/g, k…]          ↔ [k…, I/g, O]
 *   convTranspose [I, O/g, k…] (g groups) ↔ [k…, I/g, O]   (output channel o = group·O/g + j)
 *   colsOut       [K, N] (MatMul B, Gemm B)  ↔ [K, N]      (as stored)
 *   rowsOut       [N, K] (Gemm transB, constant-first MatMul) ↔ [K, N]
 * Both directions are exact permutations (tested as inverses).
 */
export interface WeightLayout {
  type: 'conv' | 'convTranspose' | 'colsOut' | 'rowsOut';
  /** Dims as stored in the ONNX tensor. */
  dims: number[];
  group: number;
}

const prod = (xs: number[]) => xs.reduce((p, d) => p * d, 1);

/** Calls visit(onnxIndex, viewIndex) for every element. */
function walk(layout: WeightLayout, visit: (onnx: number, view: number) => void): void {
  const d = layout.dims;
  if (layout.type === 'colsOut') {
    for (let i = 0; i < prod(d); i++) visit(i, i);
    return;
  }
  if (layout.type === 'rowsOut') {
    const [n, k] = d;
    for (let r = 0; r < n; r++) for (let c = 0; c < k; c++) visit(r * k + c, c * n + r);
    return;
  }
  const s = prod(d.slice(2));
  if (layout.type === 'conv') {
    const [o, ig] = d;
    for (let oo = 0; oo < o; oo++) {
      for (let i = 0; i < ig; i++) {
        for (let k = 0; k < s; k++) visit((oo * ig + i) * s + k, (k * ig + i) * o + oo);
      }
    }
    return;
  }
  const [cin, og] = d;
  const g = layout.group;
  const ig = cin / g;
  const cout = og * g;
  for (let c = 0; c < cin; c++) {
    const grp = Math.floor(c / ig);
    const i = c % ig;
    for (let j = 0; j < og; j++) {
      const o = grp * og + j;
      for (let k = 0; k < s; k++) visit((c * og + j) * s + k, (k * ig + i) * cout + o);
    }
  }
}

/** ONNX-layout values → channels-last view. */
export function toView(onnx: Float32Array, layout: WeightLayout): Float32Array {
  if (layout.type === 'colsOut') return onnx.slice();
  const view = new Float32Array(onnx.length);
  walk(layout, (a, b) => { view[b] = onnx[a]; });
  return view;
}

/** Channels-last view → ONNX-layout values (what the runtime feeds). */
export function fromView(view: Float32Array, layout: WeightLayout): Float32Array {
  if (layout.type === 'colsOut') return view.slice();
  const onnx = new Float32Array(view.length);
  walk(layout, (a, b) => { onnx[a] = view[b]; });
  return onnx;
}
