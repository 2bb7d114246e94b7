/**
 * The console's translations, one JSON file per area and language (`en/orders.json`, `de/orders.json`).
 * `frame.json` holds the shared keys (common words, navigation, statuses); every other file is mounted
 * under its area name, so `orders.json`'s `list.title` is the key `orders.list.title`.
 * test/web/i18n-resources.test.ts fails when a key exists in one language but not the other.
 */
const files = import.meta.glob<Record<string, unknown>>('./*/*.json', { eager: true, import: 'default' });

function bundle(language: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, content] of Object.entries(files)) {
    const m = /^\.\/([a-z]+)\/([a-z-]+)\.json$/.exec(path);
    if (!m || m[1] !== language) continue;
    if (m[2] === 'frame') Object.assign(out, content);
    else out[m[2]!] = content;
  }
  return out;
}

export const en = bundle('en');
export const de = bundle('de');
