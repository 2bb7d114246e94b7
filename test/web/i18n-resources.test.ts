/**
 * The console's translation resources (web/src/i18n/<language>/<area>.json): English and German hold
 * the same keys with the same {{placeholders}}, and every literal key the console's code asks for
 * (`t('orders.list.title')`) exists — a missing German key would otherwise fall back to English unseen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../web/src/', import.meta.url).pathname;
const i18nDir = join(root, 'i18n');
const languages = ['en', 'de'] as const;

type Tree = { [key: string]: string | Tree };

/** Every leaf as `key → text`, keys joined with dots; files other than frame.json sit under their name. */
function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

function load(language: string): { files: string[]; keys: Map<string, string> } {
  const files = readdirSync(join(i18nDir, language)).filter((f) => f.endsWith('.json')).sort();
  const keys = new Map<string, string>();
  for (const file of files) {
    const tree = JSON.parse(readFileSync(join(i18nDir, language, file), 'utf8')) as Tree;
    const area = file.replace(/\.json$/, '');
    flatten(area === 'frame' ? tree : { [area]: tree }, '', keys);
  }
  return { files, keys };
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('console translations', () => {
  const [en, de] = languages.map(load) as [ReturnType<typeof load>, ReturnType<typeof load>];

  it('has the same files for English and German', () => {
    expect(de.files).toEqual(en.files);
  });

  it('has every English key in German and every German key in English', () => {
    const missingInGerman = [...en.keys.keys()].filter((k) => !de.keys.has(k));
    const missingInEnglish = [...de.keys.keys()].filter((k) => !en.keys.has(k));
    expect({ missingInGerman, missingInEnglish }).toEqual({ missingInGerman: [], missingInEnglish: [] });
  });

  it('uses the same placeholders in both languages, and no text is empty', () => {
    const mismatched = [...en.keys].filter(([k, text]) => de.keys.has(k) && placeholders(text).join() !== placeholders(de.keys.get(k)!).join());
    const empty = [...en.keys, ...de.keys].filter(([, text]) => text.trim() === '').map(([k]) => k);
    expect({ mismatched: mismatched.map(([k]) => k), empty }).toEqual({ mismatched: [], empty: [] });
  });

  it('knows every key the console code asks for by a literal', () => {
    const unknown: string[] = [];
    for (const file of sourceFiles(root)) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/(?:\bt\(\s*'|i18nKey=")([a-zA-Z][\w-]*(?:\.[\w-]+)+)['"]/g)) {
        const key = m[1]!;
        // Plural keys are asked for without their suffix (`t('x', { count })` → x_one / x_other).
        if (!en.keys.has(key) && !en.keys.has(`${key}_other`)) unknown.push(`${relative(root, file)}: ${key}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
