/**
 * Which path the last analysis' weight sweep took: the fused GPU kernel (per-tensor tables
 * on WebGPU), the CPU (src/quant; a big model's on several sweep workers), or the kernel
 * until it failed and the CPU after.
 */
import type { StudioState } from '../../store';
import { useStudio } from '../../store';

type Sweep = NonNullable<StudioState['weightSweep']>;

/** The status line, e.g. "weight sweep: GPU kernel" or "weight sweep: CPU". */
function weightSweepText(s: Sweep | null): string {
  if (!s) return 'weight sweep: —';
  const kernel = s.backend === 'webgpu' ? 'GPU kernel' : `kernel (${s.backend} twin)`;
  const cpu = s.threads > 1
    ? `CPU, ${s.threads} workers${s.threadFallbackLayers ? ` (${s.threadFallbackLayers} layers in one after they failed)` : ''}`
    : 'CPU';
  const what = s.path === 'cpu' ? cpu
    : s.path === 'kernel' ? kernel
      : `${kernel} → CPU for ${s.cpuLayers} of ${s.kernelLayers + s.cpuLayers} layers (kernel failed)`;
  return `weight sweep: ${what}${s.cached ? ' (cached)' : ''}`;
}

function titleOf(s: Sweep | null): string {
  if (!s) return 'no analysis has run in this session yet';
  const parts = [s.reason, `weight sweep ${s.ms} ms of a ${s.analysisMs} ms analysis`];
  if (s.failure) parts.push(`${s.path === 'cpu' ? 'sweep worker' : 'kernel'} failure: ${s.failure}`);
  if (s.cached) parts.push('result from the cache');
  return parts.join('; ');
}

export function WeightSweepStatus() {
  const s = useStudio((st) => st.weightSweep);
  return (
    <span className={`sweep-status sweep-${s?.path ?? 'none'}`} data-testid="status.weightSweep" title={titleOf(s)}
      data-path={s?.path ?? ''} data-backend={s?.backend ?? ''} data-ms={s?.ms ?? ''} data-analysis-ms={s?.analysisMs ?? ''}
      data-kernel-layers={s?.kernelLayers ?? ''} data-threads={s?.threads ?? ''} data-cpu-layers={s?.cpuLayers ?? ''}>
      {weightSweepText(s)}
    </span>
  );
}
