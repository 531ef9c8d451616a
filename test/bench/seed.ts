import type { INestApplicationContext } from '@nestjs/common';
import { newId } from '../../src/common/ids.js';
import { DataSource } from 'typeorm';
import { GENESIS_LINK, linkInput } from '../../src/audit/audit-link.js';
import { AuditKeys } from '../../src/crypto/audit-keys.js';
import { DataKeys } from '../../src/crypto/data-keys.js';
import { searchPrefixes, searchWords } from '../../src/crypto/search-words.js';
import { ServiceKeys } from '../../src/crypto/service-keys.js';
import { PasswordHasher } from '../../src/identity/passwords.js';
import { BODY, SUBJECT } from '../../src/inquiries/inquiry.view.js';
import { messageField } from '../../src/messages/message.view.js';
import { BulkWriter } from './bulk-writer.js';

const TREATY = ['state-party', 'state-party', 'state-party', 'signatory', 'no-action'] as const;
const later = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();
const INTAKE_EVERY_MS = 315_000;

/** Seconds from intake to acknowledgement (10 min to 3 days), first reply (an hour to 20 days later) and closure (1 to 41 days later), spread by n. */
function milestones(n: number): { acknowledged: number; replied: number; closed: number } {
  const acknowledged = 600 + ((n * 7919) % (3 * 86_400));
  const replied = acknowledged + 3600 + ((n * 104_729) % (20 * 86_400));
  return { acknowledged, replied, closed: replied + 86_400 + ((n * 1_299_709) % (40 * 86_400)) };
}

/**
 * Who files inquiry n. The first requester (the one W4 lists as) files one in five of the first
 * 1,000 and nothing after: at every size its own list is the same 200 inquiries, a full page of
 * each status, so that W4 shows what the growth of the archive costs, not that of its own part.
 * The others share the rest.
 */
export const requesterIndex = (n: number, requesters: number): number => (n <= 1000 && n % 5 === 0 ? 0 : 1 + (n % (requesters - 1)));

export const BENCH_PASSWORD = 'bench passphrase that is long enough';
const STATUSES = ['submitted', 'triaged', 'in-progress', 'in-progress', 'in-progress', 'awaiting-requester', 'answered', 'closed'] as const;
const TOPICS = ['police-custody-safeguards', 'detention-conditions', 'cat-reporting', 'opcat-npm', 'legislation-definition-criminalisation', 'non-refoulement'];
const LANGS = ['en', 'fr', 'es', 'ar', 'pt'];
const WORDS = 'custody register lawyer detention visit monitoring report article complaint training investigation safeguard'.split(' ');

export interface World {
  secretariat: { id: string; email: string };
  requesters: Array<{ id: string; email: string; orgId: string; country: string }>;
  experts: Array<{ id: string; email: string }>;
  /** Inquiries in progress with an accepted expert: targets for replies and threads. */
  inProgress: Array<{ id: string; requesterId: string; messages: number }>;
  inquiries: number;
}

/** A small deterministic generator, so that two runs seed the same shapes. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Grows the database to `target` inquiries with the rows and sealed values the service itself
 * writes (data keys wrapped by the master key, sealed subjects, bodies and messages, search tokens,
 * topics, assignments, an intact audit chain), in bulk rather than request by request.
 */
export class Seeder {
  private readonly random = rng(42);
  private world: World | null = null;
  private seq = 0;
  private prevHash = GENESIS_LINK;

  constructor(private readonly app: INestApplicationContext) {}

  private get ds(): DataSource {
    return this.app.get(DataSource);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)];
  }

  async base(): Promise<World> {
    if (this.world) return this.world;
    const hash = await this.app.get(PasswordHasher).hash(BENCH_PASSWORD);
    const now = new Date().toISOString();
    const bulk = new BulkWriter(this.ds);
    const user = (role: string, orgId: string | null, email: string) => {
      const id = newId();
      bulk.add('user_account', {
        id,
        email,
        name: `Bench ${role}`,
        role,
        organizationId: orgId,
        languages: JSON.stringify([this.pick(LANGS)]),
        passwordHash: hash,
        active: true,
        mfaEnabled: false,
        headOfSecretariat: false,
        totpSecret: null,
        totpPendingSecret: null,
        totpLastStep: null,
        createdAt: now,
        updatedAt: now,
      });
      return id;
    };
    const orgs = Array.from({ length: 26 }, (_, i) => ({ id: newId(), country: `X${String.fromCharCode(65 + i)}` }));
    for (const o of orgs) bulk.add('organization', { id: o.id, name: `Bench ministry ${o.country}`, country: o.country, kind: 'government', createdAt: now });
    const secretariat = { id: user('secretariat', null, 'bench.secretariat@example.org'), email: 'bench.secretariat@example.org' };
    const requesters = Array.from({ length: 200 }, (_, i) => {
      const org = orgs[i % orgs.length];
      const email = `bench.requester.${i}@example.org`;
      return { id: user('requester', org.id, email), email, orgId: org.id, country: org.country };
    });
    const experts = Array.from({ length: 20 }, (_, i) => {
      const email = `bench.expert.${i}@example.org`;
      return { id: user('expert', null, email), email };
    });
    await bulk.flush();
    this.world = { secretariat, requesters, experts, inProgress: [], inquiries: 0 };
    return this.world;
  }

  /** Adds inquiries (with threads of 5–20 messages) until there are `target`. */
  async growTo(target: number, progress: (done: number) => void): Promise<World> {
    const world = await this.base();
    // The seed writes the beginnings of subject words itself, as intake does: nothing for the service's backfill to do.
    await this.ds.query(`UPDATE backfill_state SET "doneAt" = '2026-01-01T00:00:00.000Z' WHERE job = 'subject-prefixes'`);
    const keys = this.app.get(DataKeys);
    const search = this.app.get(ServiceKeys);
    const bulk = new BulkWriter(this.ds);
    const year = new Date().getUTCFullYear();
    const start = Date.now() - 400 * 86_400_000;
    // The service has been running between two sizes: go on from its reference counter and audit chain.
    const q = (pg: string) => (this.ds.options.type === 'postgres' ? pg : pg.replace(/\$\d/g, '?'));
    const [counter] = (await this.ds.query(q('SELECT last FROM reference_counter WHERE year = $1'), [year])) as Array<{ last: number }>;
    let ref = Number(counter?.last ?? 0);
    // On PostgreSQL the service takes its numbers from a sequence per year once it has filed one (RawSql.nextNumber).
    const sequence = `inquiry_reference_${year}`;
    const [seq] = this.ds.options.type === 'postgres' ? ((await this.ds.query('SELECT to_regclass($1) AS r', [sequence])) as Array<{ r: string | null }>) : [];
    if (seq?.r) ref = Math.max(ref, Number(((await this.ds.query(`SELECT last_value FROM ${sequence}`)) as Array<{ last_value: string }>)[0].last_value));
    const [last] = (await this.ds.query('SELECT seq, hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1')) as Array<{ seq: number; hash: string }>;
    if (last) {
      this.seq = Number(last.seq);
      this.prevHash = last.hash;
    }
    while (world.inquiries < target) {
      world.inquiries += 1;
      const n = ++ref;
      const id = newId();
      const requester = world.requesters[requesterIndex(n, world.requesters.length)];
      const status = this.pick(STATUSES);
      // 100,000 inquiries fill the year W7 reports on (one every 315 s), as a busy secretariat's would.
      const createdAt = new Date(start + n * INTAKE_EVERY_MS).toISOString();
      const { wrapped, cipher } = keys.create(id, createdAt);
      const subject = `${this.pick(WORDS)} ${this.pick(WORDS)} ${this.pick(WORDS)} question ${n}`;
      const topics = [...new Set([this.pick(TOPICS), this.pick(TOPICS)])];
      bulk.add('inquiry', {
        id,
        reference: `CTI-${year}-${String(n).padStart(4, '0')}`,
        requesterId: requester.id,
        organizationId: requester.orgId,
        country: requester.country,
        language: this.pick(LANGS),
        urgency: this.pick(['normal', 'normal', 'high', 'urgent']),
        status,
        priority: 'normal',
        tags: '[]',
        topics: JSON.stringify(topics),
        dueAt: null,
        desiredBy: null,
        publicationConsent: false,
        outcome: status === 'closed' ? 'advice-provided' : null,
        version: 1,
        wrappedKey: wrapped,
        subjectSealed: cipher.seal(SUBJECT, subject),
        bodySealed: cipher.seal(BODY, `Body of bench question ${n}: ${subject}.`),
        createdAt,
        updatedAt: createdAt,
        slaDueAt: new Date(Date.parse(createdAt) + 30 * 86_400_000).toISOString(),
        pausedSeconds: 0,
        awaitingSince: null,
        // What the reports read (W7): the treaty status at intake and the milestones of the status.
        intakeUncatStatus: this.pick(TREATY),
        intakeOpcatStatus: this.pick(TREATY),
        // Milestones at times that vary from one inquiry to the next (so do the reports' duration buckets).
        acknowledgedAt: status === 'submitted' ? null : later(createdAt, milestones(n).acknowledged),
        firstReplyAt: ['answered', 'closed', 'awaiting-requester'].includes(status) ? later(createdAt, milestones(n).replied) : null,
        closedAt: status === 'closed' ? later(createdAt, milestones(n).closed) : null,
      });
      topics.forEach((topicSlug, position) => bulk.add('inquiry_topic', { inquiryId: id, topicSlug, position }));
      const words = searchWords(subject);
      for (const word of words) bulk.add('inquiry_search_token', { inquiryId: id, token: search.searchToken(word) });
      for (const token of searchPrefixes(words)
        .map((w) => search.searchToken(w))
        .sort())
        bulk.add('inquiry_prefix_token', { inquiryId: id, token });
      this.audit(bulk, requester.id, 'inquiry.submitted', id, createdAt, { reference: `CTI-${year}-${n}`, onBehalfOf: null });
      const engaged = status !== 'submitted' && status !== 'triaged';
      const expert = world.experts[n % world.experts.length];
      if (engaged) {
        bulk.add('assignment', {
          id: newId(),
          inquiryId: id,
          expertId: expert.id,
          role: 'lead',
          status: 'accepted',
          dueAt: null,
          proposedById: world.secretariat.id,
          declineReasonSealed: null,
          createdAt,
          updatedAt: createdAt,
        });
      }
      const messages = engaged ? 5 + (n % 16) : 0;
      let parentId: string | null = null;
      for (let m = 0; m < messages; m++) {
        const mid = newId();
        const byExpert = m % 2 === 1;
        const at = new Date(Date.parse(createdAt) + (m + 1) * 60_000).toISOString();
        bulk.add('message', {
          id: mid,
          inquiryId: id,
          parentId,
          authorId: byExpert ? expert.id : requester.id,
          authorRole: byExpert ? 'expert' : 'requester',
          visibility: 'shared',
          clearance: byExpert ? 'cleared' : null,
          bodySealed: cipher.seal(messageField(mid), `Message ${m} on bench question ${n}, about the ${this.pick(WORDS)}.`),
          returnReasonSealed: null,
          createdAt: at,
          updatedAt: at,
        });
        this.audit(bulk, byExpert ? expert.id : requester.id, 'message.posted', id, at, { messageId: mid, visibility: 'shared', clearance: byExpert ? 'cleared' : null });
        parentId = mid;
      }
      if (status === 'in-progress' && world.inProgress.length < 2000) world.inProgress.push({ id, requesterId: requester.id, messages });
      if (bulk.size > 20_000) {
        await bulk.flush();
        progress(world.inquiries);
      }
    }
    await bulk.flush();
    await this.ds.query(
      this.ds.options.type === 'postgres'
        ? 'INSERT INTO reference_counter (year, last) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET last = $2'
        : 'INSERT INTO reference_counter (year, last) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last = excluded.last',
      [year, ref],
    );
    if (seq?.r) await this.ds.query('SELECT setval($1, $2)', [sequence, ref]);
    // The counts the service keeps by status, as its intakes and moves would have left them.
    await this.ds.query('DELETE FROM inquiry_status_tally');
    await this.ds.query('INSERT INTO inquiry_status_tally (status, shard, n) SELECT status, 0, COUNT(*) FROM inquiry GROUP BY status');
    if (this.ds.options.type === 'postgres') {
      // PostgreSQL keeps an inquiry's tokens, whole words and beginnings, as one set (the migration
      // SearchTokenSets): the rows written above become the sets of the inquiries that have none yet.
      await this.ds.query(
        `INSERT INTO inquiry_search_set ("inquiryId", tokens)
         SELECT "inquiryId", array_agg(token ORDER BY token) FROM (SELECT "inquiryId", token FROM inquiry_search_token UNION SELECT "inquiryId", token FROM inquiry_prefix_token) t
         WHERE NOT EXISTS (SELECT 1 FROM inquiry_search_set s WHERE s."inquiryId" = t."inquiryId") GROUP BY "inquiryId"`,
      );
      await this.ds.query('DELETE FROM inquiry_prefix_token');
    }
    // After a bulk load PostgreSQL has neither planner statistics nor a visibility map until
    // autovacuum comes round; a deployment's archive has both. (SQLite: the service's PRAGMA optimize.)
    if (this.ds.options.type === 'postgres') await this.ds.query('VACUUM ANALYZE');
    progress(world.inquiries);
    return world;
  }

  private audit(bulk: BulkWriter, actorId: string, action: string, inquiryId: string, at: string, details: Record<string, unknown>): void {
    const keys = this.app.get(AuditKeys);
    const keyVersion = keys.currentVersion;
    const entry = { id: newId(), seq: ++this.seq, at, actorId, action, inquiryId, details: JSON.stringify(details), prevHash: this.prevHash, keyVersion };
    const hash = keys.mac(keyVersion, linkInput(entry))!;
    bulk.add('audit_entry', { ...entry, hash });
    this.prevHash = hash;
  }
}
