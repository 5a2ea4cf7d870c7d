/**
 * Zip archives for the malformed corpus, built without ever holding the unpacked data:
 * a zip bomb (1 GiB of zeros in ~1 MiB) and archives with many entries.
 *
 * Deflate trick: one 1 MiB block of zeros is compressed once and sync-flushed, which ends it
 * on a byte boundary with an empty stored block (00 00 ff ff). That segment only refers back
 * to its own bytes (a literal 0, then length-258/distance-1 copies), so repeating it N times
 * and closing with an empty final block (03 00) is a valid deflate stream of N MiB of zeros.
 * The CRC-32 of N MiB of zeros is computed with the GF(2) "zeros operator" squared
 * log2(N) times, as zlib's crc32_combine does, so building the bomb takes milliseconds.
 */
import { Deflate, zipSync } from 'fflate';

const MiB = 1024 ** 2;

/** Deflate segment that inflates to `bytes` zeros and ends byte-aligned (non-final). */
function zeroSegment(bytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const d = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
  d.push(new Uint8Array(bytes));
  d.flush(true);
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** CRC-32 register update for one zero byte, as a 32×32 GF(2) matrix (columns = images of bits). */
function zeroByteOperator(): Uint32Array {
  const cols = new Uint32Array(32);
  for (let bit = 0; bit < 32; bit++) {
    let r = (1 << bit) >>> 0;
    for (let k = 0; k < 8; k++) r = r & 1 ? (r >>> 1) ^ 0xedb88320 : r >>> 1;
    cols[bit] = r >>> 0;
  }
  return cols;
}

function apply(op: Uint32Array, v: number): number {
  let out = 0;
  for (let bit = 0; bit < 32; bit++) if ((v >>> bit) & 1) out ^= op[bit];
  return out >>> 0;
}

function compose(a: Uint32Array, b: Uint32Array): Uint32Array {
  return Uint32Array.from(b, (col) => apply(a, col));
}

/** CRC-32 (zip) of `n` zero bytes. */
export function crc32OfZeros(n: number): number {
  let op = zeroByteOperator();
  let reg = 0xffffffff;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) reg = apply(op, reg);
    op = compose(op, op);
  }
  return (reg ^ 0xffffffff) >>> 0;
}

/** Little-endian writer for zip headers. */
function le(values: [number, 2 | 4][]): Uint8Array {
  const out = new Uint8Array(values.reduce((a, [, n]) => a + n, 0));
  const view = new DataView(out.buffer);
  let o = 0;
  for (const [v, n] of values) {
    if (n === 2) view.setUint16(o, v, true);
    else view.setUint32(o, v >>> 0, true);
    o += n;
  }
  return out;
}

interface BombOptions {
  /** Inflated size in MiB (default 1024 = 1 GiB). */
  mib?: number;
  /** Entry name inside the archive. */
  name?: string;
  /** Size written in the headers instead of the real one (a lying bomb). */
  declaredBytes?: number;
}

/** A one-entry zip whose entry inflates to `mib` MiB of zeros (see the module comment). */
export function zipBomb(opts: BombOptions = {}): Uint8Array {
  const mib = opts.mib ?? 1024;
  const name = new TextEncoder().encode(opts.name ?? 'group1-shard1of1.bin');
  const segment = zeroSegment(MiB);
  const data = new Uint8Array(segment.length * mib + 2);
  for (let i = 0; i < mib; i++) data.set(segment, i * segment.length);
  data.set([0x03, 0x00], segment.length * mib);
  const real = mib * MiB;
  const size = opts.declaredBytes ?? real;
  const crc = opts.declaredBytes === undefined ? crc32OfZeros(real) : 0;
  const common: [number, 2 | 4][] = [[20, 2], [0, 2], [8, 2], [0, 2], [0x21, 2], [crc, 4], [data.length, 4], [size, 4], [name.length, 2], [0, 2]];
  const local = concat([le([[0x04034b50, 4], ...common]), name]);
  const central = concat([le([[0x02014b50, 4], [20, 2], ...common, [0, 2], [0, 2], [0, 2], [0, 4], [0, 4]]), name]);
  const cdOffset = local.length + data.length;
  const end = le([[0x06054b50, 4], [0, 2], [0, 2], [1, 2], [1, 2], [central.length, 4], [cdOffset, 4], [0, 2]]);
  return concat([local, data, central, end]);
}

/** A zip with `count` tiny entries plus the given files (entry-count cap). */
export function manyEntriesZip(count: number, files: Map<string, Uint8Array>): Uint8Array {
  const all: Record<string, Uint8Array> = {};
  for (const [k, v] of files) all[k] = v;
  for (let i = 0; i < count; i++) all[`extra/${i}.txt`] = new Uint8Array([i & 0xff]);
  return zipSync(all, { level: 0 });
}

/** A plain zip of the files (deflated), for valid and truncated-archive cases. */
export function zipFiles(files: Map<string, Uint8Array>): Uint8Array {
  const all: Record<string, Uint8Array> = {};
  for (const [k, v] of files) all[k] = v;
  return zipSync(all, { level: 6 });
}
