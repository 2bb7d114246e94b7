import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the library defaults (19 MiB, 2 passes, 1 lane: the OWASP baseline). The encoded
 * hash carries its own parameters, so raising them later only affects new hashes.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  try {
    return await verify(encoded, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

let dummy: Promise<string> | undefined;

/**
 * Burns the same argon2 work as a real check, so an unknown email takes as long to refuse as a
 * wrong password (no user enumeration by timing).
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hash(randomBytes(18).toString('base64url'));
  await verifyPassword(await dummy, password);
  return false;
}

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password without look-alike characters (0/O, 1/l/I), uniform over the alphabet. */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
