import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecretKey, secretBox } from '../../src/modules/channels/secret-box.js';
import { decimalToMinor } from '../../src/domain/channels/decimal-money.js';

describe('secret box (AES-256-GCM)', () => {
  it('round-trips, uses a fresh IV each time and refuses a tampered value or another key', () => {
    const box = secretBox(Buffer.alloc(32, 7));
    const a = box.seal('{"token":"s3cret"}');
    expect(a).not.toBe(box.seal('{"token":"s3cret"}'));
    expect(box.open(a)).toBe('{"token":"s3cret"}');
    const [v, iv, tag, ct] = a.split('.');
    const flipped = Buffer.from(ct!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => secretBox(Buffer.alloc(32, 8)).open(a)).toThrow();
  });

  it('takes ORDO_SECRET_KEY, else creates a 0600 key file next to the data folder once', () => {
    expect(loadOrCreateSecretKey({ secretKey: 'ab'.repeat(32), dataDir: '/nonexistent/data' })).toEqual(Buffer.alloc(32, 0xab));
    expect(() => loadOrCreateSecretKey({ secretKey: 'short', dataDir: '/x' })).toThrow(/ORDO_SECRET_KEY/);
    const root = mkdtempSync(join(tmpdir(), 'ordo-key-'));
    const dataDir = join(root, '.ordo', 'data');
    const k1 = loadOrCreateSecretKey({ dataDir });
    const file = join(root, '.ordo', 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(k1.toString('hex'));
    expect(loadOrCreateSecretKey({ dataDir })).toEqual(k1);
  });
});

describe('decimalToMinor', () => {
  it.each([
    ['598.94', 'USD', 59894n],
    ['0.5', 'EUR', 50n],
    ['-3.34', 'USD', -334n],
    ['1000', 'JPY', 1000n],
    ['12.500', 'EUR', 1250n],
    ['0.001', 'GBP', null],
    ['1,00', 'EUR', null],
    ['', 'EUR', null],
  ] as const)('%s %s → %s', (v, c, want) => expect(decimalToMinor(v, c)).toBe(want));
});
