/**
 * WebGPU program: fused fake-quantize + squared-error reduction for up to 7 bit-widths of
 * one tensor in a single pass over its elements.
 *
 * Each workgroup (256 invocations) owns 256 · perThread consecutive elements; invocation t
 * reads elements base + j·256 + t (coalesced) and, per element, quantizes it at every
 * bit-width (the per-bit scales are vec4 uniforms p0..p6, see sweepParams.ts) and adds
 * x² and (x − q)² into Kahan-compensated float32 accumulators. The 256 per-invocation
 * sums are then combined by a pairwise tree in workgroup memory and written as one row of
 * partials [Σx², Σe²(p0), …, Σe²(p6)] per workgroup; the host adds the rows in float64.
 *
 * Accuracy: every float32 sum has at most perThread (16) compensated terms followed by
 * log2 256 = 8 pairwise levels, so its relative error is ≈ 8·2⁻²⁴ ≈ 5·10⁻⁷ even if the
 * shader compiler were to drop the compensation — 2·10⁻⁶ dB of SQNR, against the several
 * dB a naive float32 running sum loses over millions of elements (docs/methods.md, SQNR).
 *
 * One compiled pipeline per mode (uniform / log m=1 / log m=2) serves every bit list,
 * scale and tensor size: those are uniforms (tfjs-backend-webgpu's `uniforms` convention).
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu/dist/webgpu_program';
import { SWEEP_COLUMNS, MAX_BITS_PER_LAUNCH, stepsPerOctave, type SweepKernelMode } from './sweepParams';

/** Invocations per workgroup (the WebGPU default limit, also SwiftShader's). */
export const SWEEP_WORKGROUP = 256;
/** Elements each invocation accumulates before the tree (see accuracy note). */
export const SWEEP_PER_THREAD = 16;

const F32_MIN_NORMAL = '1.17549435e-38';

function wgslFloat(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

export class SweepErrorProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames = ['x'];
  uniforms: string;
  workgroupSize: [number, number, number] = [SWEEP_WORKGROUP, 1, 1];
  readonly mode: SweepKernelMode;
  /** Rows of partials = workgroups that hold data. */
  readonly groups: number;
  readonly perThread: number;

  constructor(size: number, mode: SweepKernelMode, maxWorkgroupsPerDim = 65535) {
    this.mode = mode;
    // Grow the per-invocation share only when a 1-D dispatch would not fit (≈ 268M elements).
    this.perThread = Math.max(SWEEP_PER_THREAD, Math.ceil(size / (SWEEP_WORKGROUP * maxWorkgroupsPerDim)));
    this.groups = Math.max(1, Math.ceil(size / (SWEEP_WORKGROUP * this.perThread)));
    this.outputShape = [this.groups, SWEEP_COLUMNS];
    this.dispatchLayout = { x: [0, 1] };
    this.dispatch = [this.groups, 1, 1];
    const params = Array.from({ length: MAX_BITS_PER_LAUNCH }, (_, j) => `p${j} : vec4<f32>,`).join(' ');
    this.uniforms = `n : i32, perThread : i32, groups : i32, nBits : i32, signedData : i32, ${params}`;
    this.shaderKey = `qsSweepError_${mode}`;
  }

  /** The per-element error at one bit-width, as a WGSL expression of v (and la = log2|v|). */
  private errorSnippet(j: number): string {
    return this.mode === 'uniform' ? `errUniform(v, uniforms.p${j})` : `errLog(v, la, uniforms.p${j})`;
  }

  getUserCode(): string {
    const wg = SWEEP_WORKGROUP;
    const m = stepsPerOctave(this.mode);
    const level = m === 1
      ? 'ldexp(p.x, ci)'
      : 'ldexp(select(p.x, p.y, (ci & 1) != 0), ci >> 1)'; // c = 2k + r: s·2^(r/2)·2^k
    const perBit = Array.from({ length: MAX_BITS_PER_LAUNCH }, (_, j) => {
      const lane = j + 1; // column 0 is x²
      const target = lane < 4 ? `eA.${'xyzw'[lane]}` : `eB.${'xyzw'[lane - 4]}`;
      return `if (${j} < uniforms.nBits) { ${target} = ${this.errorSnippet(j)}; }`;
    }).join('\n        ');
    return `
      var<workgroup> redA : array<vec4<f32>, ${wg}>;
      var<workgroup> redB : array<vec4<f32>, ${wg}>;

      // Round half away from zero, exactly like src/quant's roundHalfAway
      // (floor(a + 0.5) would round 0.49999997 up in float32).
      fn roundHalfAway(t : f32) -> f32 {
        let a = abs(t);
        let f = floor(a);
        let r = select(f, f + 1.0, a - f >= 0.5);
        return select(r, -r, t < 0.0);
      }

      // p = (s, 1/s, lo, hi): q = clamp(round(v / s), lo, hi) · s.
      fn errUniform(v : f32, p : vec4<f32>) -> f32 {
        let k = clamp(roundHalfAway(v * p.y), p.z, p.w);
        return v - k * p.x;
      }

      // p = (s, s·2^(1/m), log2 s, L): log grid with m = ${m || '-'} codes per octave.
      fn errLog(v : f32, la : f32, p : vec4<f32>) -> f32 {
        if (v == 0.0 || (uniforms.signedData == 0 && v < 0.0)) { return select(v, 0.0, v == 0.0); }
        let c = min(roundHalfAway(${wgslFloat(m || 1)} * (la - p.z)), 0.0);
        if (!(c > -p.w)) { return v; }
        let ci = i32(c);
        var q = ${level};
        if (q < ${F32_MIN_NORMAL}) { q = 0.0; }
        return v - select(q, -q, v < 0.0);
      }

      ${'fn main(index : i32)'} {
        let wgIndex = i32(workgroupId.x + workgroupId.y * numWorkgroups.x +
            workgroupId.z * numWorkgroups.x * numWorkgroups.y);
        let t = i32(localIndex);
        var sumA = vec4<f32>(0.0);
        var cA = vec4<f32>(0.0);
        var sumB = vec4<f32>(0.0);
        var cB = vec4<f32>(0.0);
        let base = wgIndex * uniforms.perThread * ${wg};
        for (var j = 0; j < uniforms.perThread; j++) {
          let idx = base + j * ${wg} + t;
          // No early break: the tree below needs every invocation in uniform control flow.
          let v = select(0.0, f32(x[min(idx, uniforms.n - 1)]), idx < uniforms.n);
          let la = log2(max(abs(v), ${F32_MIN_NORMAL}));
          var eA = vec4<f32>(v, 0.0, 0.0, 0.0);
          var eB = vec4<f32>(0.0);
          ${perBit}
          // Kahan: the running sums grow monotonically, so c holds what each add dropped.
          let yA = eA * eA - cA;
          let tA = sumA + yA;
          cA = (tA - sumA) - yA;
          sumA = tA;
          let yB = eB * eB - cB;
          let tB = sumB + yB;
          cB = (tB - sumB) - yB;
          sumB = tB;
        }
        redA[t] = sumA - cA;
        redB[t] = sumB - cB;
        workgroupBarrier();
        for (var s = ${wg / 2}; s > 0; s = s >> 1u) {
          if (t < s) {
            redA[t] = redA[t] + redA[t + s];
            redB[t] = redB[t] + redB[t + s];
          }
          workgroupBarrier();
        }
        if (t == 0 && wgIndex < uniforms.groups) {
          let o = wgIndex * ${SWEEP_COLUMNS};
          result[o] = redA[0].x;
          result[o + 1] = redA[0].y;
          result[o + 2] = redA[0].z;
          result[o + 3] = redA[0].w;
          result[o + 4] = redB[0].x;
          result[o + 5] = redB[0].y;
          result[o + 6] = redB[0].z;
          result[o + 7] = redB[0].w;
        }
      }
    `;
  }
}
