import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Folder of the real provider payloads vendored for the tests (see test/fixtures/payloads/README.md). */
export const payloadsDir = fileURLToPath(new URL('../fixtures/payloads/', import.meta.url));

/** The text of a vendored payload, e.g. `payloadText('shippo/track_test_get_status_response.json')`. */
export const payloadText = (path: string): string => readFileSync(`${payloadsDir}${path}`, 'utf8');
