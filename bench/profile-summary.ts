/**
 * Summarises V8 CPU profiles written with BENCH_CPU_PROF=1 (bench/results/prof/*.cpuprofile):
 * self time by package / source area and the hottest functions.
 * Usage: npx tsx bench/profile-summary.ts [file.cpuprofile …]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function areaOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return '(gc)';
  if (fn === '(idle)' || fn === '(program)' || fn === '(root)') return fn;
  if (!url) return '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const s = /\/work\/[^/]+\/((?:src|cli|bench)\/(?:[^/]+\/)?)/.exec(url) ?? /\/(src\/[^/]+\/)/.exec(url);
  if (s) return s[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  return url.replace(/^file:\/\//, '').slice(-60);
}

export function summarise(file: string, top = 25): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  let total = 0;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    total += us;
    const area = areaOf(n.callFrame.url, n.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = `${n.callFrame.functionName || '(anonymous)'} ${areaOf(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const busy = total - (areas.get('(idle)') ?? 0);
  const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1)}%`;
  const out = [`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${pct(busy, total)})`, '', 'self time by area (% of busy):'];
  for (const [a, us] of [...areas].filter(([a]) => a !== '(idle)').sort((x, y) => y[1] - x[1]).slice(0, 30)) out.push(`  ${pct(us, busy).padStart(6)}  ${a}`);
  out.push('', `top ${top} functions by self time (% of busy):`);
  for (const [f, us] of [...fns].filter(([f]) => !f.startsWith('(idle)')).sort((x, y) => y[1] - x[1]).slice(0, top)) out.push(`  ${pct(us, busy).padStart(6)}  ${f}`);
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${areaOf(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`;
  const incl = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (n.callFrame.functionName === '(idle)') break;
      seen.add(label(n));
    }
    for (const k of seen) incl.set(k, (incl.get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  out.push('', 'inclusive time of project code and hot library entry points (% of busy):');
  const interesting = /src\/|bench\/|cli\/|^(safeParse|parse|serialize|preSerialization|onSend|writeHead|toSQL|buildQueryFromSourceParams|execute|query|handleRowDescription|parseMessage|JSON\.stringify|stringify|createHash|randomUUID|uuidv7)\b/;
  for (const [f, us] of [...incl].filter(([f]) => interesting.test(f) && !f.startsWith('(root)')).sort((x, y) => y[1] - x[1]).slice(0, top)) out.push(`  ${pct(us, busy).padStart(6)}  ${f}`);
  return out.join('\n');
}

const args = process.argv.slice(2);
const dir = join(process.cwd(), 'bench', 'results', 'prof');
const files = args.length
  ? args
  : readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)
      .slice(0, 1); // the main thread's profile is the big one (tsx's loader worker writes a small one)
for (const f of files) process.stdout.write(`${summarise(f)}\n\n`);
