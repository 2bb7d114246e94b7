import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const guideDir = join(root, 'docs/guide');
const guides = ['operations', 'warehouse', 'support', 'admin'];

describe('staff guides', () => {
  it('has one guide per role, each with a first-day walkthrough', () => {
    for (const g of guides) {
      const text = readFileSync(join(guideDir, `${g}.md`), 'utf8');
      expect(text, g).toMatch(/^## First day$/m);
    }
  });

  it('every picture a guide shows exists in docs/guide/img', () => {
    const missing: string[] = [];
    let count = 0;
    for (const file of readdirSync(guideDir).filter((f) => f.endsWith('.md'))) {
      for (const m of readFileSync(join(guideDir, file), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
        count++;
        if (!existsSync(join(guideDir, m[1]!))) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(count).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('npm run docs:screens regenerates them with the script that lists every picture', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['docs:screens']).toBe('tsx scripts/docs-screens.ts');
    const { screens } = await import('../../scripts/docs-screens.js');
    const made = new Set(screens.map((s: { name: string }) => `img/${s.name}.png`));
    for (const file of readdirSync(guideDir).filter((f) => f.endsWith('.md'))) {
      for (const m of readFileSync(join(guideDir, file), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(made.has(m[1]!), `${file}: ${m[1]} is not made by docs:screens`).toBe(true);
    }
  });
});
