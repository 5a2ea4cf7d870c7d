/**
 * The analysis' weight sweep with its per-tensor tables from the fused QsSweepError kernel
 * (sweepErrors.ts) on the current tfjs backend — WebGPU in the studio's worker on a real
 * GPU — and its per-filter tables from src/quant's CPU sweep. Per layer:
 *
 *   per filter:  sweepWeights(x, filters, { ...opts, perTensor: false })   (CPU, float64)
 *   per tensor:  SQNR_b = 10 · log10( Σ x² / Σ (x − Q_b(x))² )  for every scheme × bit-width,
 *                Σ (x − Q_b(x))² from the kernel, Σ x² in float64 on the host (as the CPU does)
 *
 * The kernel quantizes with exactly the CPU's parameters: range schemes (fixed, dfp, log2,
 * nlq) through paramsFromRange — the quantizers' own param functions — and the searched
 * schemes (fixed-clip, log2-sqrt2) through the quantizers' calibration on the same
 * magnitude stats `getQuantizer(key).calibrate(x, b, { signed })` builds (built once per
 * layer, not once per bit-width). All kernels of a layer are launched before the CPU
 * per-filter sweep runs, so the device works while the CPU does.
 *
 * A kernel failure (device lost, read-back rejected, sums that do not add up) is not
 * fatal: that layer and every later one are swept on the CPU, and `state` says so.
 * Example: const k = createKernelSweepRunner(); await analyzeModel(m, { sweepRunner: k.run });
 * k.state → { kernelLayers: 5, cpuLayers: 0, failure: null, backend: 'webgpu' }.
 */
import * as tf from '@tensorflow/tfjs-core';
import { allNonNegative } from '../quant/parts/scale';
import { dataRange } from '../quant/quantizers/common';
import { fixedClipParams } from '../quant/quantizers/fixedClip';
import { log2Sqrt2Params } from '../quant/quantizers/log2Sqrt2';
import { NLQ_DEFAULT_UNIT } from '../quant/quantizers/nlq';
import { magnitudeStats, type MagnitudeStats } from '../quant/search/magnitudes';
import { sqnrFromSums, sqnrToJson } from '../quant/sqnr';
import { sweepWeights, type SweepWeightsOptions, type WeightSweep } from '../quant/sweep';
import { SWEEP_BITS, WEIGHT_SCHEMES, type SqnrJson, type WeightScheme } from '../quant/types';
import { sweepErrorsWithScales, type SweepErrorsResult } from './sweepErrors';
import { paramsFromRange } from './sweepParams';

/** One layer as the runner needs it (structurally a QuantLayer of src/model). */
export interface SweepLayer {
  name: string;
  weights: Float32Array;
  filters: number;
}

/** What the runner did so far: layers per path, and the failure that ended the kernel path. */
interface KernelSweepState {
  /** Layers whose per-tensor tables came from the kernel. */
  kernelLayers: number;
  /** Layers swept entirely on the CPU (after a kernel failure). */
  cpuLayers: number;
  /** One-line reason the kernel path stopped, or null. */
  failure: string | null;
  /** tfjs backend that ran the kernel ('' until a layer ran). */
  backend: string;
}

/** The kernel entry point (sweepErrorsWithScales); a test may pass one that fails. */
export type SweepKernel = typeof sweepErrorsWithScales;

interface KernelSweepRunner {
  /** A WeightSweepRunner (src/model/analyze.ts) for analyzeModel's `sweepRunner`. */
  run: (
    layers: readonly SweepLayer[], opts: SweepWeightsOptions, onLayerDone: () => void, signal?: AbortSignal,
  ) => Promise<WeightSweep[]>;
  readonly state: KernelSweepState;
}

/** Kernel sums whose Σx² is off by more than this (relative) are treated as a failed launch. */
const SIGNAL_TOLERANCE = 1e-3;

function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

const isAbort = (e: unknown) => (e as Error | null)?.name === 'AbortError';
const oneLine = (e: unknown) => String((e as Error | null)?.message ?? e).replace(/\s+/g, ' ').trim();

/**
 * The per-tensor scale of `key` at each bit-width, from src/quant's calibration.
 * Searched schemes: getQuantizer(key).calibrate(x, b, { signed }) is xParams(magnitudeStats(x,
 * signed), b, signed); `stats` builds those stats once for the layer.
 */
export function tensorScales(
  key: WeightScheme, bits: readonly number[], signed: boolean, range: number, nlqUnit: number,
  stats: () => MagnitudeStats,
): number[] {
  if (key === 'fixed-clip') return bits.map((b) => fixedClipParams(stats(), b, signed).scale);
  if (key === 'log2-sqrt2') return bits.map((b) => log2Sqrt2Params(stats(), b, signed).scale);
  return bits.map((b) => paramsFromRange(key, range, b, signed, nlqUnit).scale);
}

/** Σ x² in float64, element order (the sum src/quant's sweep divides by). */
function signalOf(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** Throws when the kernel's sums cannot be right (a launch that failed silently). */
function checkSums(r: SweepErrorsResult, signal: number, n: number): void {
  if (n > 0 && !(Math.abs(r.signal - signal) <= SIGNAL_TOLERANCE * signal)) {
    throw new Error(`the ${r.scheme} kernel summed Σx² = ${r.signal}, the host ${signal}`);
  }
  r.noise.forEach((e, i) => {
    if (!(e >= 0) || !Number.isFinite(e)) throw new Error(`the ${r.scheme} kernel returned error ${e} at ${r.bits[i]} bits`);
  });
}

/** Launches every scheme's kernel on x (one tensor upload), before anything is awaited. */
function launchLayer(
  kernel: SweepKernel, x: Float32Array, schemes: readonly WeightScheme[], bits: readonly number[], nlqUnit: number,
) {
  const signed = !allNonNegative(x);
  const range = dataRange(x, signed);
  let st: MagnitudeStats | null = null;
  const stats = () => (st ??= magnitudeStats(x, signed));
  const scales = schemes.map((key) => tensorScales(key, bits, signed, range, nlqUnit, stats));
  const t = tf.tensor1d(x, 'float32');
  // Each call launches synchronously up to its first read-back, so all kernels are queued now.
  const pending = schemes.map((key, i) => kernel(t, key, bits, scales[i], signed));
  const settled = Promise.allSettled(pending).finally(() => t.dispose());
  return { signed, range, settled };
}

/** The per-tensor table {scheme: {bits: SqnrJson}} from the settled launches (throws on any failure). */
async function tableOf(
  settled: Promise<PromiseSettledResult<SweepErrorsResult>[]>, x: Float32Array,
  schemes: readonly WeightScheme[], bits: readonly number[],
): Promise<{ table: WeightSweep['weights']; backend: string }> {
  const results = await settled;
  const signal = signalOf(x);
  const table: WeightSweep['weights'] = {};
  let backend = '';
  results.forEach((res, i) => {
    if (res.status === 'rejected') throw res.reason;
    const r = res.value;
    checkSums(r, signal, x.length);
    backend = r.backend;
    const row: Record<string, SqnrJson> = {};
    bits.forEach((b, k) => (row[b] = sqnrToJson(sqnrFromSums(signal, r.noise[k]))));
    table[schemes[i]] = row;
  });
  return { table, backend };
}

/** A fresh runner (its `state` counts this analysis only). `kernel` is for tests. */
export function createKernelSweepRunner(kernel: SweepKernel = sweepErrorsWithScales): KernelSweepRunner {
  const state: KernelSweepState = { kernelLayers: 0, cpuLayers: 0, failure: null, backend: '' };

  async function sweepLayer(l: SweepLayer, opts: SweepWeightsOptions): Promise<WeightSweep> {
    const schemes = opts.schemes ?? WEIGHT_SCHEMES;
    const bits = opts.bits ?? SWEEP_BITS;
    let launched: ReturnType<typeof launchLayer>;
    try {
      launched = launchLayer(kernel, l.weights, schemes, bits, opts.nlqUnit ?? NLQ_DEFAULT_UNIT);
    } catch (e) {
      return cpuAfterFailure(l, opts, e);
    }
    let cpu: WeightSweep;
    try {
      cpu = sweepWeights(l.weights, l.filters, { ...opts, perTensor: false });
    } catch (e) {
      void launched.settled.catch(() => undefined);
      throw e; // bad weights (NaN, filters): the CPU sweep would fail the same way
    }
    try {
      const { table, backend } = await tableOf(launched.settled, l.weights, schemes, bits);
      if (launched.signed !== cpu.signed || launched.range !== cpu.range) {
        throw new Error(`kernel calibration saw range ${launched.range} (${launched.signed ? 'signed' : 'unsigned'}), the sweep ${cpu.range}`);
      }
      state.kernelLayers++;
      state.backend = backend;
      return { ...cpu, weights: table };
    } catch (e) {
      if (isAbort(e)) throw e;
      return cpuAfterFailure(l, opts, e);
    }
  }

  function cpuAfterFailure(l: SweepLayer, opts: SweepWeightsOptions, e: unknown): WeightSweep {
    state.failure = `layer '${l.name}': ${oneLine(e)}`;
    return cpuLayer(l, opts);
  }

  function cpuLayer(l: SweepLayer, opts: SweepWeightsOptions): WeightSweep {
    const out = sweepWeights(l.weights, l.filters, opts);
    state.cpuLayers++;
    return out;
  }

  const run: KernelSweepRunner['run'] = async (layers, opts, onLayerDone, signal) => {
    const out: WeightSweep[] = [];
    for (const l of layers) {
      if (signal?.aborted) throw abortError();
      out.push(state.failure === null ? await sweepLayer(l, opts) : cpuLayer(l, opts));
      onLayerDone();
      if (state.failure !== null) await Promise.resolve();
    }
    return out;
  };
  return { run, state };
}
