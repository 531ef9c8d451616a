import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { BackgroundTask } from '../common/background-task.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditKeys } from '../crypto/audit-keys.js';
import { RawSql } from '../database/raw-sql.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { GENESIS_LINK, linkInput } from './audit-link.js';
import { AuditRepository, type SealedLink } from './audit.repository.js';

// Any fixed number: the instance whose session holds this PostgreSQL advisory lock is the sealer.
const SEALER_LOCK = 4_242_003;
const BATCH = 500;

/**
 * Puts unsealed audit entries in order and links them, a batch per transaction, every second and
 * at shutdown. One instance at a time does it: on PostgreSQL the one whose own connection holds a
 * session-level advisory lock (released by PostgreSQL when that instance dies, so another takes
 * over at its next tick); on SQLite the one process. Each sealing transaction also takes a lock of
 * its own, so a sealing run by hand (`sealNow`) can never interleave with the sealer's.
 * After sealing, appends a signed checkpoint of the head every AUDIT_CHECKPOINT_INTERVAL_MS.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private readonly task: BackgroundTask;
  private leader: pg.Client | null = null;
  private leading = false;
  private lastCheckpoint: { seq: number; at: number } | null = null;

  constructor(
    private readonly repo: AuditRepository,
    private readonly keys: AuditKeys,
    private readonly checkpoints: AuditCheckpoints,
    private readonly tx: TransactionRunner,
    private readonly sql: RawSql,
    private readonly clock: Clock,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new BackgroundTask(scheduler, 'audit-sealer', () => this.tick(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.audit.sealIntervalMs > 0) this.task.start(this.config.audit.sealIntervalMs);
  }

  /** Before any module shuts down (the data source closes in the shutdown hooks): a last sealing and checkpoint. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
    try {
      if (this.config.audit.sealIntervalMs > 0 && (await this.lead())) await this.sealNow({ checkpoint: true });
    } catch (err) {
      this.logger.error({ errName: (err as Error).name, errMessage: (err as Error).message }, 'audit sealing at shutdown failed');
    } finally {
      await this.leader?.end().catch(() => undefined);
      this.leader = null;
    }
  }

  private async tick(): Promise<void> {
    if (await this.lead()) await this.sealNow({ checkpoint: false });
  }

  /**
   * Seals every entry committed so far; then writes a checkpoint if one is due, or `checkpoint`
   * asks for one. Returns how many entries it sealed.
   */
  async sealNow(options: { checkpoint: boolean } = { checkpoint: true }): Promise<number> {
    // keys:rotate may have added an audit key version: the next sealing uses it.
    await this.keys.load();
    let sealed = 0;
    let head: { seq: number; hash: string } | null = null;
    for (;;) {
      const batch = await this.tx.run((em) => this.sealBatch(em));
      sealed += batch.count;
      head = batch.head ?? head;
      if (batch.count < BATCH) break;
    }
    const due = !this.lastCheckpoint || Date.now() - this.lastCheckpoint.at >= this.config.audit.checkpointIntervalMs;
    if (head && head.seq !== this.lastCheckpoint?.seq && (options.checkpoint || due)) {
      this.checkpoints.append({ seq: head.seq, hash: head.hash, at: this.clock.iso() });
      this.lastCheckpoint = { seq: head.seq, at: Date.now() };
    }
    return sealed;
  }

  private async sealBatch(em: EntityManager): Promise<{ count: number; head: { seq: number; hash: string } | null }> {
    await this.repo.lockForSealing(em);
    const head = await this.repo.head(em);
    const entries = await this.repo.unsealed(BATCH, em);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_LINK;
    const keyVersion = this.keys.currentVersion;
    const links: SealedLink[] = [];
    for (const e of entries) {
      seq += 1;
      const hash = this.keys.mac(keyVersion, linkInput({ ...e, seq, prevHash, keyVersion }))!;
      links.push({ id: e.id, seq, prevHash, hash, keyVersion });
      prevHash = hash;
    }
    await this.repo.seal(links, em);
    return { count: links.length, head: links.length ? { seq, hash: prevHash } : head };
  }

  /** PostgreSQL: holds (or takes) the sealer's session lock on a connection of its own. */
  private async lead(): Promise<boolean> {
    if (!this.sql.postgres) return (this.leading = true);
    try {
      if (!this.leader) {
        // Named, so that an operator (and a test) sees in pg_stat_activity which process seals.
        const url = 'url' in this.config.database ? this.config.database.url : '';
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: `cti-audit-sealer ${process.pid}` });
        client.on('error', () => undefined);
        await client.connect();
        this.leader = client;
      }
      if (this.leading) {
        await this.leader.query('SELECT 1');
        return true;
      }
      const { rows } = await this.leader.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [SEALER_LOCK]);
      this.leading = rows[0].held;
      if (this.leading) this.logger.log('this instance now seals the audit trail');
      return this.leading;
    } catch (err) {
      // The connection died: so did the lock. Try again, from a new connection, at the next tick.
      this.logger.warn({ errName: (err as Error).name, errMessage: (err as Error).message }, 'audit sealer connection lost');
      await this.leader?.end().catch(() => undefined);
      this.leader = null;
      this.leading = false;
      return false;
    }
  }
}
