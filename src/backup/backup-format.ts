import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  createPrivateKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  scryptSync,
  type KeyObject,
} from 'node:crypto';

/**
 * A backup file: one line of JSON (the manifest: format, schema, size and SHA-256 of the database
 * copy, and how it is encrypted, if it is), then the database copy itself, or its AES-256-GCM
 * ciphertext followed by the 16-byte tag. The manifest is the cipher's associated data, so a
 * changed manifest fails as surely as changed bytes.
 *
 * Encryption, with node:crypto alone (no new dependency; the same constructions as age):
 * - to a passphrase: the key from scrypt (N=2^15, r=8, p=1) over a random salt;
 * - to a public key (X25519, PEM): an ephemeral key pair per backup, the key from HKDF-SHA-256 of
 *   the shared secret, bound to both public keys. Only the holder of the private key can restore.
 */
export const FORMAT = 'cti-advice-backup/1';
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export type Encryption = { kind: 'passphrase'; salt: string; nonce: string } | { kind: 'x25519'; ephemeral: string; nonce: string };

export interface Manifest {
  format: typeof FORMAT;
  createdAt: string;
  /** The last migration the database had: a restore refuses one it does not know. */
  schema: string;
  size: number;
  sha256: string;
  encryption: Encryption | null;
}

export type Secret = { passphrase: string } | { publicKey: KeyObject } | { privateKey: KeyObject };

/** The key and the manifest's encryption entry for a new backup. */
export function newEncryption(secret: Secret): { key: Buffer; encryption: Encryption } {
  const nonce = randomBytes(12).toString('base64');
  if ('passphrase' in secret) {
    const salt = randomBytes(16);
    return { key: scryptSync(secret.passphrase, salt, 32, SCRYPT), encryption: { kind: 'passphrase', salt: salt.toString('base64'), nonce } };
  }
  if (!('publicKey' in secret)) throw new Error('a backup is encrypted to a passphrase or a public key');
  const ephemeral = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: secret.publicKey });
  const ephemeralRaw = rawPublic(ephemeral.publicKey);
  return { key: x25519Key(shared, ephemeralRaw, rawPublic(secret.publicKey)), encryption: { kind: 'x25519', ephemeral: ephemeralRaw.toString('base64'), nonce } };
}

/** The key of an existing backup, from the passphrase or the private key. */
export function keyFor(encryption: Encryption, secret: Secret): Buffer {
  if (encryption.kind === 'passphrase') {
    if (!('passphrase' in secret)) throw new Error('this backup is encrypted to a passphrase: give --passphrase');
    return scryptSync(secret.passphrase, Buffer.from(encryption.salt, 'base64'), 32, SCRYPT);
  }
  if (!('privateKey' in secret)) throw new Error('this backup is encrypted to a public key: give --identity with the private key file');
  const ephemeralRaw = Buffer.from(encryption.ephemeral, 'base64');
  const ephemeral = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: ephemeralRaw.toString('base64url') }, format: 'jwk' });
  const shared = diffieHellman({ privateKey: secret.privateKey, publicKey: ephemeral });
  return x25519Key(shared, ephemeralRaw, rawPublic(createPublicKey(secret.privateKey)));
}

export const cipherFor = (key: Buffer, encryption: Encryption, manifestLine: string) =>
  createCipheriv('aes-256-gcm', key, Buffer.from(encryption.nonce, 'base64')).setAAD(Buffer.from(manifestLine, 'utf8'));

export const decipherFor = (key: Buffer, encryption: Encryption, manifestLine: string) =>
  createDecipheriv('aes-256-gcm', key, Buffer.from(encryption.nonce, 'base64')).setAAD(Buffer.from(manifestLine, 'utf8'));

export function readKeyFile(pem: string, kind: 'public' | 'private'): KeyObject {
  const key = kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'x25519') throw new Error(`the ${kind} key must be an X25519 key in PEM`);
  return key;
}

/** A new X25519 key pair in PEM, for `backup:keygen`. */
export function newKeyPair(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

const rawPublic = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');

const x25519Key = (shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), 'cti-advice-backup/1 x25519', 32));
