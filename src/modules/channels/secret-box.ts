import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * AES-256-GCM for connector credentials at rest. The stored text is `v1.<iv>.<tag>.<ciphertext>`
 * (base64url); the GCM tag makes a tampered or wrongly keyed value fail to open instead of decrypting
 * to garbage. The key never leaves this object.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the channel secret key must be 32 bytes (AES-256)');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed secret');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    },
  };
}

/** ORDO_SECRET_KEY: 32 bytes as 64 hex characters or base64. */
export function parseSecretKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  return b.length === 32 ? b : undefined;
}

/**
 * The key from ORDO_SECRET_KEY, else from `secret.key` next to the data folder, created (mode 0600)
 * on first start. Next to, not inside: a copied data folder alone does not carry the key with it.
 */
export function loadOrCreateSecretKey(opts: { secretKey?: string | undefined; dataDir: string }): Buffer {
  if (opts.secretKey) {
    const k = parseSecretKey(opts.secretKey);
    if (!k) throw new Error('ORDO_SECRET_KEY must be 32 bytes as 64 hex characters or base64');
    return k;
  }
  const file = join(dirname(resolve(opts.dataDir)), 'secret.key');
  if (existsSync(file)) {
    const k = parseSecretKey(readFileSync(file, 'utf8'));
    if (!k) throw new Error(`${file} does not hold a 32-byte key`);
    return k;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
