/**
 * Summarise V8 .cpuprofile files (node --cpu-prof) by self time per function:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx <script>
 *   npx tsx scripts/bench/cpuprofile.ts /tmp/prof [top=25]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export function selfTimes(p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const n = byId.get(id);
    if (!n) return;
    const f = n.callFrame;
    const file = f.url.split('/').slice(-2).join('/');
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    out.set(key, (out.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

const isMain = process.argv[1]?.endsWith('cpuprofile.ts');
if (isMain) {
  const target = process.argv[2] ?? '/tmp/prof';
  const top = Number(process.argv[3] ?? 25);
  const files = statSync(target).isDirectory()
    ? readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(target, f)) : [target];
  for (const f of files) {
    const p = JSON.parse(readFileSync(f, 'utf8')) as Profile;
    const total = (p.endTime - p.startTime) / 1000;
    const rows = [...selfTimes(p).entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
    console.log(`\n${f}: ${total.toFixed(0)} ms sampled`);
    for (const [k, ms] of rows) console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
}
