/**
 * Table ownership check (docs/architecture.md, "Module map"): every table is written by exactly one
 * module, its owner (src/platform/db/table-owners.ts); other modules call the owner's exported functions
 * or react to its events. Run by `npm run lint:deps` (and so by .ci/run); exits 1 on a violation.
 *
 * What counts as a write, in src/modules/<name>/** and src/flows/** (flows own no table):
 *  - drizzle: `.insert(t)`, `.update(t)`, `.delete(t)` where `t` is a table imported from the schema;
 *  - raw SQL: `insert into t`, `update t … set`, `delete from t` (also `${t}` interpolated) naming a table.
 * Comments are ignored. src/platform writes its own tables (outbox, audit, idempotency) and is not checked.
 *
 * Usage: tsx scripts/check-table-owners.ts [root]   (root defaults to the repository)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { TableOwners } from '../src/platform/db/table-owners.js';

export type { TableOwners };

export interface Write {
  file: string;
  line: number;
  table: string;
  how: string;
}

export interface Violation extends Write {
  writer: string;
  owner: string | undefined;
}

/** `export const orderLines = pgTable('order_lines', …` in the schema folder → { orderLines: 'order_lines' }. */
export function tableIdentifiers(schemaDir: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const file of tsFiles(schemaDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/export\s+const\s+(\w+)\s*=\s*pgTable\(\s*['"](\w+)['"]/g)) ids.set(m[1]!, m[2]!);
  }
  return ids;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** The code without comments (same length per line, so line numbers stay right). */
function stripComments(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, (all, pre: string) => pre + blank(all.slice(pre.length)));
}

/** Every table write in one source file. `tables` maps schema identifiers to SQL names. */
export function findWrites(file: string, source: string, tables: Map<string, string>): Write[] {
  const code = stripComments(source);
  // Local names of the schema tables this file imports (`import { orders as o } from '…/db/schema/index.js'`).
  const local = new Map<string, string>();
  for (const m of code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"][^'"]*db\/schema[^'"]*['"]/g)) {
    for (const spec of m[1]!.split(',')) {
      const [name, alias] = spec.trim().replace(/^type\s+/, '').split(/\s+as\s+/);
      if (name && tables.has(name)) local.set((alias ?? name).trim(), tables.get(name)!);
    }
  }
  // `const l = inventoryLevels;` — a shorter local name of an imported table.
  for (const m of code.matchAll(/\bconst\s+(\w+)\s*=\s*(\w+)\s*;/g)) if (local.has(m[2]!)) local.set(m[1]!, local.get(m[2]!)!);
  const names = new Set(tables.values());
  const lineOf = (index: number) => code.slice(0, index).split('\n').length;
  const writes: Write[] = [];
  const add = (index: number, table: string | undefined, how: string) => {
    if (table) writes.push({ file, line: lineOf(index), table, how });
  };
  for (const m of code.matchAll(/\.(insert|update|delete)\(\s*(?:\w+\.)?(\w+)\s*\)/g)) add(m.index, local.get(m[2]!), `drizzle ${m[1]}`);
  const raw: Array<[RegExp, string]> = [
    [/\binsert\s+into\s+(?:"?(\w+)"?|\$\{\s*(\w+)\s*\})/gi, 'sql insert'],
    [/\bupdate\s+(?:"?(\w+)"?|\$\{\s*(\w+)\s*\})(?:\s+(?:as\s+)?\w+)?\s+set\b/gi, 'sql update'],
    [/\bdelete\s+from\s+(?:"?(\w+)"?|\$\{\s*(\w+)\s*\})/gi, 'sql delete'],
  ];
  for (const [re, how] of raw) {
    for (const m of code.matchAll(re)) {
      const table = m[1] !== undefined ? (names.has(m[1].toLowerCase()) ? m[1].toLowerCase() : undefined) : local.get(m[2]!);
      add(m.index, table, how);
    }
  }
  return writes.sort((a, b) => a.line - b.line);
}

/** The writer of a file: its module (src/modules/<name>/…), `flows`, or undefined (not checked). */
export function writerOf(relPath: string): string | undefined {
  const parts = relPath.split(sep).join('/').split('/');
  if (parts[0] !== 'src') return undefined;
  if (parts[1] === 'modules' && parts.length > 3) return parts[2];
  if (parts[1] === 'flows') return 'flows';
  return undefined;
}

export function checkTableOwners(root: string, map: TableOwners): { writes: Array<Write & { writer: string }>; violations: Violation[] } {
  const tables = tableIdentifiers(join(root, 'src/platform/db/schema'));
  const writes: Array<Write & { writer: string }> = [];
  for (const dir of ['src/modules', 'src/flows']) {
    let files: string[];
    try {
      files = tsFiles(join(root, dir));
    } catch {
      continue;
    }
    for (const path of files) {
      const rel = relative(root, path).split(sep).join('/');
      const writer = writerOf(rel);
      if (!writer) continue;
      for (const w of findWrites(rel, readFileSync(path, 'utf8'), tables)) writes.push({ ...w, writer });
    }
  }
  const violations = writes
    .filter((w) => map.owners[w.table] !== w.writer && !map.exceptions?.[`${w.file}:${w.table}`])
    .map((w) => ({ ...w, owner: map.owners[w.table] }));
  return { writes, violations };
}

async function main() {
  const root = process.argv[2] ?? join(fileURLToPath(import.meta.url), '../..');
  const { tableOwners } = (await import(join(root, 'src/platform/db/table-owners.ts'))) as { tableOwners: TableOwners };
  const { writes, violations } = checkTableOwners(root, tableOwners);
  if (process.env.ORDO_LIST_WRITES) for (const w of writes) console.log(`${w.writer}\t${w.table}\t${w.file}:${w.line}\t${w.how}`);
  for (const v of violations) {
    const owner = v.owner ? `is owned by module ${v.owner}` : 'has no owner in src/platform/db/table-owners.ts';
    console.error(`  error table-owner: ${v.file}:${v.line} (${v.writer}) writes ${v.table} (${v.how}), which ${owner}`);
  }
  if (violations.length) {
    console.error(`\nx ${violations.length} table writes outside the owning module: call a function the owner exports instead.`);
    process.exit(1);
  }
  console.log(`✔ table owners: ${writes.length} writes checked, each by the owning module`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
