import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { KeyRing } from './key-ring.js';
import { ServiceKey } from './service-key.entity.js';
import { serviceKeyAad } from './service-keys.js';

const MAC_PREFIX = 'audit-mac:';
const SIGNING = 'audit-checkpoint';
// PKCS#8 header of an Ed25519 private key: the 32 random bytes after it are the whole key.
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The audit chain's keys, kept like the other service keys (random, wrapped by the master key in
 * service_key, so a copy of the database alone holds none of them):
 * - MAC keys, versioned (`audit-mac:1`, `audit-mac:2`...). New links use the newest; every entry
 *   names the version that linked it, so older entries stay verifiable after `keys:rotate` adds one.
 * - the Ed25519 key that signs the checkpoints written outside the database.
 */
@Injectable()
export class AuditKeys implements OnModuleInit {
  private macs = new Map<number, Buffer>();
  private signing?: { privateKey: KeyObject; publicKey: KeyObject };

  constructor(
    private readonly dataSource: DataSource,
    private readonly ring: KeyRing,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    // Several instances may start at once: the first insert wins and everyone reads it back.
    await this.insert(`${MAC_PREFIX}1`);
    await this.insert(SIGNING);
    await this.load();
  }

  /** Reads every audit key again (another instance's `keys:rotate` may have added a version). */
  async load(): Promise<void> {
    const rows = await this.dataSource.getRepository(ServiceKey).createQueryBuilder('k').where('k.purpose LIKE :p', { p: 'audit-%' }).getMany();
    const macs = new Map<number, Buffer>();
    for (const row of rows) {
      const key = this.ring.unwrap(row.wrappedKey, serviceKeyAad(row.purpose));
      if (row.purpose === SIGNING) {
        const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, key]), format: 'der', type: 'pkcs8' });
        this.signing = { privateKey, publicKey: createPublicKey(privateKey) };
      } else macs.set(Number(row.purpose.slice(MAC_PREFIX.length)), key);
    }
    this.macs = macs;
  }

  /** Adds the next MAC key version; links made from now on use it. */
  async addVersion(): Promise<number> {
    await this.load();
    const version = this.currentVersion + 1;
    await this.insert(`${MAC_PREFIX}${version}`);
    await this.load();
    return version;
  }

  get currentVersion(): number {
    return Math.max(0, ...this.macs.keys());
  }

  /** The link of one entry: HMAC-SHA-256 under key `version`, or null for a version not held. */
  mac(version: number, data: string): string | null {
    const key = this.macs.get(version);
    return key ? createHmac('sha256', key).update(data, 'utf8').digest('hex') : null;
  }

  sign(data: string): string {
    return sign(null, Buffer.from(data, 'utf8'), this.signingKey().privateKey).toString('base64');
  }

  verifySignature(data: string, signature: string): boolean {
    return verify(null, Buffer.from(data, 'utf8'), this.signingKey().publicKey, Buffer.from(signature, 'base64'));
  }

  private signingKey(): { privateKey: KeyObject; publicKey: KeyObject } {
    if (!this.signing) throw new Error('audit signing key not loaded');
    return this.signing;
  }

  private async insert(purpose: string): Promise<void> {
    const { wrapped } = this.ring.newDataKey(serviceKeyAad(purpose));
    await this.dataSource.getRepository(ServiceKey).createQueryBuilder().insert().values({ purpose, wrappedKey: wrapped, createdAt: this.clock.iso() }).orIgnore().execute();
  }
}
