/**
 * The WebAssembly sort kernel (sortKernel.wat) as SortedFilter uses it: the radix sort, signs,
 * magnitudes and compensated prefix sums of one filter in a module instance's memory, whose
 * arrays SortedFilter exposes as typed-array views. The same results as the TypeScript path
 * (SortedFilter.loadJs) bit for bit; measured ≈ 3× faster on ResNet-18's 4,608-weight filters,
 * and compiled once per thread (a 1 KB module) instead of being JIT-compiled and recompiled
 * there, which on the CLI's two sweep threads cost as much CPU as the sort itself.
 *
 * Instances are pooled: SortedFilter takes one for its capacity (growing its memory when
 * needed) and gives it back with release(), so a sweep of many layers reuses one memory.
 * Where WebAssembly is missing or refuses the module, `acquireSortKernel` returns null and
 * SortedFilter sorts in TypeScript.
 */
import { decodeBase64 } from '../base64';
import { SORT_KERNEL_WASM } from './sortKernelWasm';

/** Bytes of the kernel's histogram scratch: 3 digits × 2,048 counts × 4 bytes. */
const COUNTS_BYTES = 3 * 2048 * 4;
const PAGE = 65536;

type LoadFn = (bits: number, keys: number, tmp: number, counts: number, a: number, neg: number,
  p1: number, p2: number, c1: number, c2: number, n: number) => void;

/** One instance of the kernel, laid out for filters of up to `capacity` elements. */
export class SortKernel {
  capacity = 0;
  private readonly memory: WebAssembly.Memory;
  private readonly run: LoadFn;
  private at = { bits: 0, keys: 0, tmp: 0, counts: 0, a: 0, p1: 0, p2: 0, c1: 0, c2: 0, neg: 0 };
  /** Views of the kernel's arrays (valid until the next `fit`). */
  bits = new Uint32Array(0);
  gathered = new Float32Array(0);
  a = new Float64Array(0);
  neg = new Uint8Array(0);
  p1 = new Float64Array(0);
  p2 = new Float64Array(0);
  c1 = new Float64Array(0);
  c2 = new Float64Array(0);

  constructor(instance: WebAssembly.Instance) {
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.load as LoadFn;
  }

  /** Lays the arrays out for `capacity` elements (growing the memory when needed) and makes the views. */
  fit(capacity: number): void {
    const C = Math.max(1, capacity);
    let end = 0;
    const take = (bytes: number) => {
      const o = end;
      end += Math.ceil(bytes / 8) * 8;
      return o;
    };
    const at = {
      bits: take(4 * C), keys: take(4 * C), tmp: take(4 * C), counts: take(COUNTS_BYTES), a: take(8 * C),
      p1: take(8 * (C + 1)), p2: take(8 * (C + 1)), c1: take(8 * (C + 1)), c2: take(8 * (C + 1)), neg: take(C),
    };
    const pages = Math.ceil(end / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
    const b = this.memory.buffer;
    this.at = at;
    this.capacity = C;
    this.bits = new Uint32Array(b, at.bits, C);
    this.gathered = new Float32Array(b, at.bits, C);
    this.a = new Float64Array(b, at.a, C);
    this.neg = new Uint8Array(b, at.neg, C);
    this.p1 = new Float64Array(b, at.p1, C + 1);
    this.p2 = new Float64Array(b, at.p2, C + 1);
    this.c1 = new Float64Array(b, at.c1, C + 1);
    this.c2 = new Float64Array(b, at.c2, C + 1);
  }

  /** Sorts the n bit patterns in `bits` into a, neg, p1, p2, c1, c2 (see sortKernel.wat). */
  load(n: number): void {
    const o = this.at;
    this.run(o.bits, o.keys, o.tmp, o.counts, o.a, o.neg, o.p1, o.p2, o.c1, o.c2, n);
  }
}

let module: WebAssembly.Module | null | undefined;
const pool: SortKernel[] = [];

/** The compiled module, once per thread; null where WebAssembly is unavailable or refuses it. */
function kernelModule(): WebAssembly.Module | null {
  if (module === undefined) {
    try {
      module = typeof WebAssembly === 'object' ? new WebAssembly.Module(decodeBase64(SORT_KERNEL_WASM) as Uint8Array<ArrayBuffer>) : null;
    } catch {
      module = null;
    }
  }
  return module;
}

/** A kernel laid out for `capacity` elements (from the pool, or new); null without WebAssembly. */
export function acquireSortKernel(capacity: number): SortKernel | null {
  const m = kernelModule();
  if (!m) return null;
  let k = pool.pop();
  if (!k) {
    try {
      k = new SortKernel(new WebAssembly.Instance(m, {}));
    } catch {
      return null;
    }
  }
  k.fit(capacity);
  return k;
}

/** Gives a kernel back to the pool (its views must not be used after this). */
export function releaseSortKernel(k: SortKernel): void {
  if (pool.length < 4 && !pool.includes(k)) pool.push(k);
}
