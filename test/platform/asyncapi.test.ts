import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { testApp, type TestApp } from '../support/app.js';
import { eventCatalog } from '../../src/events.js';
import { eventsMarkdown } from '../../src/platform/events/events-doc.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** Every `$ref` in the document, as a JSON pointer path. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === '$ref' && typeof x === 'string' ? out.push(x) : refs(x, out);
  return out;
}
const resolve = (doc: unknown, ref: string) =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);

describe('event documents', () => {
  it('GET /api/v1/asyncapi.json is AsyncAPI 3.0 with a channel, operation and message per event type on its NATS subject', async () => {
    const res = await t.api('GET', '/api/v1/asyncapi.json', undefined, { key: null });
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels).sort()).toEqual(eventCatalog.map((d) => d.type).sort());
    for (const d of eventCatalog) {
      expect(doc.channels[d.type].address).toBe(`ordo.events.${d.type}`);
      expect(doc.operations[d.type].action).toBe('send');
      expect(doc.components.messages[d.type]['x-ordo-version']).toBe(d.version);
      expect(doc.components.schemas[d.type], d.type).toBeTypeOf('object');
    }
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(eventCatalog.length * 3);
    for (const r of new Set(all)) expect(resolve(doc, r), r).toBeTypeOf('object');
    // Shared shapes are components of their own, not copied into every event.
    expect(doc.components.schemas.Money.properties.amount.type).toBe('integer');
  });

  it('docs/events.md is generated from the catalog (npm run gen:events) and lists every event type', () => {
    const md = readFileSync('docs/events.md', 'utf8');
    expect(md, 'docs/events.md is out of date: run npm run gen:events').toBe(eventsMarkdown(eventCatalog));
    for (const d of eventCatalog) expect(md).toContain(`## ${d.type}\n`);
  });
});
