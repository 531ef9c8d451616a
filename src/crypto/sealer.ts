import { createCipheriv, createDecipheriv } from 'node:crypto';
import { freshRandom } from '../common/fresh-random.js';

const VERSION = 'v1';

/**
 * AES-256-GCM with a fresh 96-bit nonce per value. The output is text ("v1.<base64>") so that the
 * same column type serves SQLite and PostgreSQL. `aad` binds a value to its row and field, so a
 * sealed value copied into another row does not open.
 */
export function seal(key: Buffer, plaintext: Buffer | string, aad: string): string {
  const iv = freshRandom(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function open(key: Buffer, sealed: string, aad: string): Buffer {
  if (!sealed.startsWith(`${VERSION}.`)) throw new Error('unknown sealed value format');
  const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

export const openText = (key: Buffer, sealed: string, aad: string): string => open(key, sealed, aad).toString('utf8');
