/**
 * Writes docs/events.md from the event catalog (src/events.ts): `npm run gen:events`. The same
 * schemas are served as AsyncAPI 3.0 at /api/v1/asyncapi.json. The generated file is committed; a
 * test fails when it is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventCatalog } from '../src/events.js';
import { eventsMarkdown } from '../src/platform/events/events-doc.js';

const out = fileURLToPath(new URL('../docs/events.md', import.meta.url));
writeFileSync(out, eventsMarkdown(eventCatalog));
process.stdout.write(`wrote ${out} (${eventCatalog.length} event types)\n`);
