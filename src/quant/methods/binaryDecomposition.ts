/**
 * Binary decomposition: integer dot products and NHWC convolutions computed bit-serially
 * from bit planes with AND + popcount, the kernel behind the BitOPs cost model
 * (EBS, Li et al. 2020; docs/methods.md "Binary decomposition").
 *
 * An unsigned k-bit integer vector is `W = Σ_i 2^i · B_i` (binary planes B_i), so
 *     W·X = Σ_i Σ_j 2^(i+j) · popcount(B_i AND C_j)
 * with C_j the planes of X. Signed values use offset binary, whose planes read as ±1
 * planes `s_i = 2·b_i − 1`: a signed k-bit w ∈ [−2^(k−1), 2^(k−1)−1] is
 *     w = (Σ_i 2^i s_i − 1) / 2,     s_i ∈ {−1, +1},  b_i = bit i of (w + 2^(k−1))
 * and one ±1 plane times a binary plane costs one AND and two popcounts:
 *     s·c = 2·popcount(b AND c) − popcount(c).
 * Every output costs b_w · b_a binary dot products of the vector length, so
 * `BitOPs = MACs · b_w · b_a`; the kernels count the operations they actually perform
 * (BitOpCount), which the tests compare with the cost model's summary.bitops. Signed
 * weights add popcount(c_j) once per input vector (shared by all filters), signed
 * activations a constant Σw per filter, packed with the weights.
 *
 * Worked example (unsigned, 2-bit): w = [3, 1], x = [2, 3]. Planes: B0 = [1,1], B1 = [1,0],
 * C0 = [0,1], C1 = [1,1]. popcounts: B0∧C0 = 1, B0∧C1 = 2, B1∧C0 = 0, B1∧C1 = 1, so
 * W·X = 1·1 + 2·2 + 2·0 + 4·1 = 9 = 3·2 + 1·3; BitOPs = 2 MACs · 2 · 2 = 8.
 */

/** Integer operand of a bit-serial kernel: values must fit `bits` (signed or unsigned). */
interface IntOperand {
  values: ArrayLike<number>;
  bits: number;
  signed: boolean;
}

interface BitSerialResult {
  /** The exact integer result. */
  value: number;
  /** Weight-plane × activation-plane AND + popcount operations performed (= MACs · b_w · b_a). */
  bitops: number;
  /** Every binary operation performed, corrections included. */
  ops: BitOpCount;
}

/** Popcount of a 32-bit word (SWAR). Example: popcount32(0b1011) = 3. */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Range of a b-bit integer. signed: [−2^(b−1), 2^(b−1)−1]; unsigned: [0, 2^b−1]. */
export function intRange(bits: number, signed: boolean): [number, number] {
  return signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

function checkOperand(o: IntOperand, what: string): void {
  if (!Number.isInteger(o.bits) || o.bits < 1 || o.bits > 16) {
    throw new Error(`${what}: bits must be an integer in 1..16, got ${o.bits}`);
  }
  const [lo, hi] = intRange(o.bits, o.signed);
  for (let i = 0; i < o.values.length; i++) {
    const v = o.values[i];
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new Error(`${what}: element ${i} = ${v} is not a ${o.signed ? 'signed' : 'unsigned'} ${o.bits}-bit integer`);
    }
  }
}

/**
 * Packs the bit planes of one vector: planes[i] holds bit i of the (offset) code of every
 * element, 32 elements per Uint32 word. Signed values are stored in offset binary
 * (code = v + 2^(b−1)), whose planes are the ±1 planes of the header.
 * Example: [3, 1] unsigned 2-bit → plane 0 = 0b11, plane 1 = 0b01.
 */
export function packPlanes(values: ArrayLike<number>, bits: number, signed: boolean): Uint32Array[] {
  const words = Math.ceil(values.length / 32);
  const offset = signed ? 2 ** (bits - 1) : 0;
  const planes = Array.from({ length: bits }, () => new Uint32Array(words));
  for (let k = 0; k < values.length; k++) {
    const code = values[k] + offset;
    const w = k >>> 5;
    const m = 1 << (k & 31);
    for (let i = 0; i < bits; i++) if ((code >>> i) & 1) planes[i][w] |= m;
  }
  return planes;
}

function andPopcount(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) n += popcount32(a[w] & b[w]);
  return n;
}

function popcount(a: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) n += popcount32(a[w]);
  return n;
}

/**
 * Binary operations a bit-serial kernel performed, counted per vector element:
 * `planeAnd` = element ANDs + popcounts between a weight plane and an activation plane
 * (b_w · b_a per multiply-accumulate: the BitOPs of the cost model);
 * `correction` = element popcounts of activation planes that signed (±1-plane) weights need,
 * popcount(c_j), computed once per input vector and shared by every filter that reads it.
 * Σw, the other correction (signed activations), is a constant of the weights, computed
 * when they are packed, not per input.
 */
interface BitOpCount {
  planeAnd: number;
  correction: number;
}

/** Per-input-vector terms for signed weights: popcount(c_j) per plane and Σu = Σ_j 2^j popcount(c_j). */
function inputPopcounts(xp: Uint32Array[], n: number, weightsSigned: boolean, ops: BitOpCount): { pcs: number[]; sumU: number } {
  if (!weightsSigned) return { pcs: [], sumU: 0 };
  const pcs = xp.map(popcount);
  ops.correction += n * xp.length;
  return { pcs, sumU: pcs.reduce((a, p, j) => a + 2 ** j * p, 0) };
}

/**
 * Exact integer dot product from packed planes (n elements). With w = (S − 1)/2 for signed
 * weights (S = Σ 2^i s_i, s·c = 2·popcount(b AND c) − popcount(c)) and x = u − 2^(b_a−1)
 * for signed activations (u = Σ 2^j c_j):
 *   w·x = w·u − 2^(b_a−1)·Σw,   w·u = (S·u − Σu)/2 (signed w),   Σu = Σ_j 2^j popcount(c_j).
 * Every plane pair costs one AND + popcount over n elements, counted in ops.planeAnd.
 */
function dotFromPlanes(wp: Uint32Array[], wSigned: boolean, sumW: number, xp: Uint32Array[], xSigned: boolean,
  input: { pcs: number[]; sumU: number }, n: number, ops: BitOpCount): number {
  let acc = 0;
  for (let j = 0; j < xp.length; j++) {
    let inner = 0;
    for (let i = 0; i < wp.length; i++) {
      const and = andPopcount(wp[i], xp[j]);
      inner += 2 ** i * (wSigned ? 2 * and - input.pcs[j] : and);
    }
    acc += 2 ** j * inner;
  }
  ops.planeAnd += n * wp.length * xp.length;
  const wDotU = wSigned ? (acc - input.sumU) / 2 : acc;
  return xSigned ? wDotU - 2 ** (xp.length - 1) * sumW : wDotU;
}

function sum(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/**
 * Bit-serial dot product of two integer vectors, equal to Σ w_k·x_k exactly.
 * Example: bitSerialDot({values:[3,1],bits:2,signed:false}, {values:[2,3],bits:2,signed:false})
 *   → { value: 9, bitops: 8 }. Signed: w = [−2, 1] (2-bit), x = [3, 2] (2-bit unsigned) → −4.
 */
export function bitSerialDot(w: IntOperand, x: IntOperand): BitSerialResult {
  if (w.values.length !== x.values.length) {
    throw new Error(`bitSerialDot: lengths differ (${w.values.length} vs ${x.values.length})`);
  }
  checkOperand(w, 'weights');
  checkOperand(x, 'activations');
  const n = w.values.length;
  const ops: BitOpCount = { planeAnd: 0, correction: 0 };
  const xp = packPlanes(x.values, x.bits, x.signed);
  const value = dotFromPlanes(packPlanes(w.values, w.bits, w.signed), w.signed, sum(w.values),
    xp, x.signed, inputPopcounts(xp, n, w.signed, ops), n, ops);
  return { value, bitops: ops.planeAnd, ops };
}

interface Conv2dGeometry {
  /** Input [N, H, W, Cin] (NHWC). */
  inputShape: [number, number, number, number];
  /** Kernel [kh, kw, Cin, Cout] (tfjs layout). */
  kernelShape: [number, number, number, number];
  strides?: [number, number];
  padding?: 'valid' | 'same';
}

interface Conv2dResult {
  /** Output [N, Ho, Wo, Cout], row-major NHWC. */
  values: Float64Array;
  shape: [number, number, number, number];
  macs: number;
  /** Weight-plane × activation-plane AND + popcount operations performed (bitSerialConv2d; 0 for the reference). */
  bitops: number;
  /** Every binary operation performed, corrections included (bitSerialConv2d). */
  ops?: BitOpCount;
}

/** Output size and the top/left zero padding, with TensorFlow's 'same' convention. */
export function convOutputGeometry(inSize: number, k: number, stride: number, padding: 'valid' | 'same'): { out: number; padBefore: number } {
  if (padding === 'valid') return { out: Math.floor((inSize - k) / stride) + 1, padBefore: 0 };
  const out = Math.ceil(inSize / stride);
  const padTotal = Math.max((out - 1) * stride + k - inSize, 0);
  return { out, padBefore: Math.floor(padTotal / 2) };
}

/** Visits every output position with the flattened receptive field (zeros where padded). */
function forEachPatch(x: ArrayLike<number>, g: Required<Conv2dGeometry>,
  visit: (n: number, oy: number, ox: number, patch: number[]) => void): { ho: number; wo: number } {
  const [N, H, W, C] = g.inputShape;
  const [kh, kw] = g.kernelShape;
  const [sy, sx] = g.strides;
  const gy = convOutputGeometry(H, kh, sy, g.padding);
  const gx = convOutputGeometry(W, kw, sx, g.padding);
  const patch = new Array<number>(kh * kw * C);
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < gy.out; oy++) {
      for (let ox = 0; ox < gx.out; ox++) {
        let p = 0;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sy + ky - gy.padBefore;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sx + kx - gx.padBefore;
            const inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
            const base = ((n * H + iy) * W + ix) * C;
            for (let c = 0; c < C; c++) patch[p++] = inside ? x[base + c] : 0;
          }
        }
        visit(n, oy, ox, patch);
      }
    }
  }
  return { ho: gy.out, wo: gx.out };
}

function normalise(g: Conv2dGeometry): Required<Conv2dGeometry> {
  if (g.inputShape[3] !== g.kernelShape[2]) {
    throw new Error(`conv2d: input has ${g.inputShape[3]} channels, kernel expects ${g.kernelShape[2]}`);
  }
  return { strides: [1, 1], padding: 'valid', ...g } as Required<Conv2dGeometry>;
}

/** Column `co` of a [kh, kw, Cin, Cout] kernel as one vector in patch order. */
function kernelColumn(k: ArrayLike<number>, size: number, cout: number, co: number): number[] {
  const col = new Array<number>(size);
  for (let p = 0; p < size; p++) col[p] = k[p * cout + co];
  return col;
}

/**
 * Reference integer convolution (NHWC, tfjs kernel layout, 'valid' or TF 'same' padding),
 * accumulated in float64 (exact for integers below 2^53).
 */
export function integerConv2d(x: ArrayLike<number>, k: ArrayLike<number>, geometry: Conv2dGeometry): Conv2dResult {
  const g = normalise(geometry);
  const [kh, kw, cin, cout] = g.kernelShape;
  const size = kh * kw * cin;
  const cols = Array.from({ length: cout }, (_, co) => kernelColumn(k, size, cout, co));
  const out: number[] = [];
  const { ho, wo } = forEachPatch(x, g, (_n, _oy, _ox, patch) => {
    for (let co = 0; co < cout; co++) {
      let s = 0;
      for (let p = 0; p < size; p++) s += cols[co][p] * patch[p];
      out.push(s);
    }
  });
  const macs = out.length * size;
  return { values: Float64Array.from(out), shape: [g.inputShape[0], ho, wo, cout], macs, bitops: 0 };
}

/**
 * Bit-serial integer convolution: every output is a {@link bitSerialDot} of the kernel
 * column and the receptive field, computed from packed planes. Equals
 * {@link integerConv2d} exactly; `bitops = MACs · b_w · b_a`.
 */
export function bitSerialConv2d(x: IntOperand, k: IntOperand, geometry: Conv2dGeometry): Conv2dResult {
  checkOperand(x, 'activations');
  checkOperand(k, 'kernel');
  const g = normalise(geometry);
  const [kh, kw, cin, cout] = g.kernelShape;
  const size = kh * kw * cin;
  const columns = Array.from({ length: cout }, (_, co) => kernelColumn(k.values, size, cout, co));
  const kernelPlanes = columns.map((col) => packPlanes(col, k.bits, k.signed));
  const sumW = columns.map(sum); // packed with the weights, once
  const ops: BitOpCount = { planeAnd: 0, correction: 0 };
  const out: number[] = [];
  const { ho, wo } = forEachPatch(x.values, g, (_n, _oy, _ox, patch) => {
    // Padding is the integer 0, which offset binary encodes like any other value.
    const xp = packPlanes(patch, x.bits, x.signed);
    const input = inputPopcounts(xp, size, k.signed, ops);
    for (let co = 0; co < cout; co++) out.push(dotFromPlanes(kernelPlanes[co], k.signed, sumW[co], xp, x.signed, input, size, ops));
  });
  const macs = out.length * size;
  return { values: Float64Array.from(out), shape: [g.inputShape[0], ho, wo, cout], macs, bitops: ops.planeAnd, ops };
}
