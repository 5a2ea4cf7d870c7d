/**
 * The renderer main thread's tasks in a Chrome trace (scripts/mainthread/profile.ts): how many
 * took over 10/20/30/50/100 ms of wall and of CPU time (a task's wall time on a loaded host is
 * 2–3× its CPU time), and for each task over N ms CPU its timeline events (Layout, style, GC…)
 * and the functions its CPU samples fall in (self, and total for the whole stack).
 *
 *   npx tsx scripts/mainthread/traceTasks.ts trace.json [N = 50]   (TOTAL_LINES=K: K lines of totals, default 30)
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; id?: string;
  args?: { name?: string; data?: Record<string, unknown> & { cpuProfile?: CpuProfile; timeDeltas?: number[]; startTime?: number } };
}
interface CpuProfile { nodes?: { id: number; parent?: number; callFrame: { functionName: string; url?: string; lineNumber: number } }[]; samples?: number[] }

const [file, minArg] = process.argv.slice(2);
const minMs = Number(minArg ?? 50);
const raw = JSON.parse(readFileSync(file, 'utf8')) as TraceEvent[] | { traceEvents: TraceEvent[] };
const events = Array.isArray(raw) ? raw : raw.traceEvents;
const profile = events.find((e) => e.name === 'Profile' && events.some((m) => m.ph === 'M' && m.name === 'thread_name' &&
  m.args?.name === 'CrRendererMain' && m.pid === e.pid && m.tid === e.tid));
if (!profile) throw new Error('no CPU profile of a renderer main thread in this trace');
const { pid, tid } = profile;
const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X');
const tasks = main.filter((e) => e.name === 'RunTask');

const nodes = new Map<number, { label: string; parent?: number }>();
const samples: { t: number; node: number }[] = [];
let t = Number(profile.args?.data?.startTime ?? 0);
for (const c of events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id && e.pid === pid)) {
  const cpu = c.args?.data?.cpuProfile ?? {};
  for (const n of cpu.nodes ?? []) {
    const where = n.callFrame.url ? ` ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}` : '';
    nodes.set(n.id, { label: `${n.callFrame.functionName || '(anonymous)'}${where}`, parent: n.parent });
  }
  const deltas = c.args?.data?.timeDeltas ?? [];
  (cpu.samples ?? []).forEach((s, i) => { t += deltas[i] ?? 0; samples.push({ t, node: s }); });
}

const count = (ms: number, key: 'dur' | 'tdur') => tasks.filter((e) => (e[key] ?? 0) > ms * 1000).length;
console.log([10, 20, 30, 50, 100].map((ms) => `> ${ms} ms: ${count(ms, 'dur')} wall / ${count(ms, 'tdur')} CPU`).join(' · '));
const t0 = tasks.reduce((a, e) => Math.min(a, e.ts), Infinity);
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
  .map(([k, v]) => `    ${(v / 1000).toFixed(1).padStart(7)}  ${k}`).join('\n');
for (const task of tasks.filter((e) => (e.tdur ?? 0) > minMs * 1000)) {
  const end = task.ts + (task.dur ?? 0);
  const kinds = new Map<string, number>();
  for (const e of main) {
    if (e === task || e.ts < task.ts || e.ts + (e.dur ?? 0) > end) continue;
    if (/^(Layout|UpdateLayoutTree|Paint|PrePaint|MajorGC|MinorGC|FunctionCall|TimerFire|FireAnimationFrame|HandlePostMessage|EventDispatch)$/.test(e.name)) {
      kinds.set(e.name, (kinds.get(e.name) ?? 0) + (e.dur ?? 0));
    }
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let prev = task.ts;
  for (const s of samples.filter((x) => x.t >= task.ts && x.t <= end)) {
    const dt = s.t - prev;
    prev = s.t;
    const own = nodes.get(s.node)?.label ?? '?';
    self.set(own, (self.get(own) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = s.node; id !== undefined; id = nodes.get(id)?.parent) {
      const label = nodes.get(id)?.label ?? '?';
      if (seen.has(label) || label.startsWith('(root)')) continue;
      seen.add(label);
      total.set(label, (total.get(label) ?? 0) + dt);
    }
  }
  console.log(`\n@${((task.ts - t0) / 1000).toFixed(0)} ms: ${((task.dur ?? 0) / 1000).toFixed(1)} ms wall, ${((task.tdur ?? 0) / 1000).toFixed(1)} ms CPU`);
  console.log(`  events: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(' · ')}`);
  console.log(`  self:\n${top(self, 12)}\n  total:\n${top(total, Number(process.env.TOTAL_LINES ?? 30))}`);
}
