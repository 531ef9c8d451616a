import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessPolicy, type AccessFacts, type ViewLevel } from '../access/access-policy.js';
import type { Page } from '../common/page.js';
import { pageOf, type PageQuery } from '../common/pagination.js';
import type { Viewer } from '../common/viewer.js';
import { bool, count, placeholders, RawSql, sqlValue, type InsertRows, type SqlCondition } from '../database/raw-sql.js';
import { InquiryParticipant } from './inquiry-links.entity.js';
import { assembleList, byStatusAlone, LIST_COLUMNS, statusCountStatement, type InquiryFilter } from './inquiry-list.sql.js';

export type { InquiryFilter } from './inquiry-list.sql.js';
import { Inquiry } from './inquiry.entity.js';
import { SLA_RUNNING } from './sla.js';
import { STATUSES, type InquiryStatus } from '../common/workflow.js';

/** Reference numbers an instance takes from the year's sequence at a time (PostgreSQL). */
const REFERENCE_RESERVE = 16;

/**
 * A row of the secretariat's queue as read (see InquiryRepository.queuePage): the queue's columns
 * (QUEUE_COLUMNS) and what the queue marks on it: its answer's due moment, the replies waiting for
 * clearance, whether any expert is on it (proposed, accepted or done). The row as the driver gave
 * it, not an inquiry: nothing but the page reads it.
 */
export interface QueueRow {
  id: string;
  reference: string;
  country: string;
  language: string;
  urgency: Inquiry['urgency'];
  status: InquiryStatus;
  priority: Inquiry['priority'];
  /** The topics' slugs as stored (JSON), the primary topic first. */
  topics: string;
  dueAt: string | null;
  wrappedKey: string;
  subjectSealed: string;
  createdAt: string;
  updatedAt: string;
  purgedAt: string | null;
  slaDueAt: string | null;
  /** COUNT(*): a number, or a string on PostgreSQL. */
  markPending: number | string;
  /** 1 or 0 (as markPending). */
  markExperts: number | string;
}

export interface VisibleInquiry {
  inquiry: Inquiry;
  facts: AccessFacts;
  level: Exclude<ViewLevel, 'none'>;
}

/**
 * The only place that reads inquiries. Every read takes the viewer and goes through the access
 * policy; there is no unchecked finder (jobs that need everything use `findForSystem`).
 */
@Injectable()
export class InquiryRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly sql: RawSql,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Inquiry);
  }

  /** The inquiry with the viewer's view level, or null when it is missing or hidden from the viewer. */
  async findVisible(viewer: Viewer, id: string, em?: EntityManager): Promise<VisibleInquiry | null> {
    const factsColumns = this.policy.factsColumns(viewer, 'i');
    const row = await this.sql.one<InquiryRow & FactsRow>(`SELECT i.*, ${factsColumns.sql} FROM inquiry i WHERE i.id = ?`, [...factsColumns.params, id], em);
    if (!row) return null;
    const inquiry = fromRow(row);
    const facts = this.policy.factsFrom(row, inquiry);
    const level = this.policy.level(viewer, facts);
    return level === 'none' ? null : { inquiry, facts, level };
  }

  /** For the service's own jobs (dispatcher, sweeps), which act for no viewer. */
  findForSystem(id: string, em?: EntityManager): Promise<Inquiry | null> {
    return this.repo(em).findOneBy({ id });
  }

  /** Several at once, for what the service does with them itself (opening a link's reason under its inquiry's key). */
  findManyForSystem(ids: string[], em?: EntityManager): Promise<Inquiry[]> {
    return ids.length ? this.repo(em).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** For the SLA sweep: inquiries whose answer is overdue, or still untriaged since before `createdBefore`. */
  slaCandidatesForSystem(now: string, createdBefore: string, limit: number): Promise<Inquiry[]> {
    return this.repo()
      .createQueryBuilder('i')
      .where('(i.slaDueAt < :now AND i.status IN (:...running))', { now, running: SLA_RUNNING })
      .orWhere("(i.status = 'submitted' AND i.createdAt < :createdBefore)", { createdBefore })
      .orderBy('i.createdAt', 'ASC')
      .take(limit)
      .getMany();
  }

  /** A page of list items (every column but the body) with the count of the whole filtered set. */
  async list(viewer: Viewer, filter: InquiryFilter, page: PageQuery): Promise<Page<Inquiry>> {
    return this.readList(viewer, filter, page, null, fromRow);
  }

  /**
   * A page of the secretariat's queue: the queue's columns of the list's page with each row's marks
   * read in the same statement (see QUEUE_MARKS), its total from the counts by status the queue has
   * just read when the filter is by status alone (`byStatus`, see queueCounts), rather than from a
   * statement.
   */
  queuePage(viewer: Viewer, filter: InquiryFilter, page: PageQuery, byStatus: Map<string, number>): Promise<Page<QueueRow>> {
    return this.readList(viewer, filter, page, { byStatus }, (r) => r as unknown as QueueRow);
  }

  private async readList<T extends { id: string; createdAt: string }>(
    viewer: Viewer,
    filter: InquiryFilter,
    page: PageQuery,
    queue: { byStatus: Map<string, number> } | null,
    map: (row: ListRow) => T,
  ): Promise<Page<T>> {
    const { sets, statements } = assembleList(this.policy, viewer, filter, page, this.sql.postgres, queue !== null);
    let total: number;
    let read: number[];
    if (this.policy.seesEverything(viewer) && byStatusAlone(filter)) {
      // Everything by status alone (the secretariat's queue): the total is kept, not counted.
      if (queue) {
        const statuses: readonly string[] = filter.statuses ?? [...queue.byStatus.keys()];
        total = statuses.reduce((n, s) => n + (queue.byStatus.get(s) ?? 0), 0);
      } else {
        const kept = statusCountStatement(filter.statuses);
        total = count((await this.sql.one<{ n: unknown }>(kept.sql, kept.params))?.n);
      }
      read = sets.map((_, n) => n);
    } else {
      const counted = (await this.sql.one<Record<string, unknown>>(statements.count.sql, statements.count.params)) ?? {};
      const perSet = sets.map((_, n) => count(counted[`n${n}`]));
      total = perSet.reduce((a, b) => a + b, 0);
      read = sets.map((_, n) => n).filter((n) => perSet[n] > 0);
    }
    const pageSql = read.length > 0 ? statements.page(read) : null;
    const rows = pageSql ? await this.sql.all<ListRow>(pageSql.sql, pageSql.params) : [];
    return pageOf(rows.map(map), statements.limit, total);
  }

  /** The viewer's view level of each of the listed inquiries. */
  levels(viewer: Viewer, ids: string[]): Promise<Map<string, ViewLevel>> {
    return this.policy.levels(viewer, ids, this.dataSource.manager);
  }

  /** Serialises commands on one inquiry (PostgreSQL row lock; SQLite runs one transaction at a time anyway). */
  async lock(id: string, em: EntityManager): Promise<void> {
    await this.sql.lockRow('inquiry', id, em);
  }

  async participantsOf(id: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.sql.all<{ userId: string }>('SELECT "userId" FROM inquiry_participant WHERE "inquiryId" = ? ORDER BY "addedAt"', [id], em);
    return rows.map((r) => r.userId);
  }

  /**
   * The keyed beginnings of an inquiry's subject words, sorted (so that their order says nothing of
   * the subject's); those already there are kept. On PostgreSQL merged into the inquiry's set of
   * tokens (made when there is none: a subject without a word long enough has no set).
   */
  async insertPrefixTokens(inquiryId: string, tokens: string[], em: EntityManager): Promise<void> {
    const sorted = [...new Set(tokens)].sort();
    if (this.sql.postgres) {
      if (sorted.length === 0) return;
      await this.sql.all(
        `INSERT INTO inquiry_search_set ("inquiryId", tokens) VALUES (?, ?) ON CONFLICT ("inquiryId") DO UPDATE SET tokens = ARRAY(SELECT DISTINCT t FROM unnest(inquiry_search_set.tokens || excluded.tokens) AS t ORDER BY t)`,
        [inquiryId, sorted],
        em,
      );
      return;
    }
    for (let from = 0; from < sorted.length; from += 200) {
      const chunk = sorted.slice(from, from + 200);
      await this.sql.all(
        `INSERT INTO inquiry_prefix_token ("inquiryId", token) VALUES ${chunk.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        chunk.flatMap((token) => [inquiryId, token]),
        em,
      );
    }
  }

  /** The next inquiries after `after` (ids in order) with their sealed subjects, for a backfill of the service's own (no viewer: a system job). */
  subjectsForSystem(after: string | null, limit: number, em?: EntityManager): Promise<Array<{ id: string; wrappedKey: string; subjectSealed: string; purgedAt: string | null }>> {
    return this.sql.all(
      `SELECT id, "wrappedKey", "subjectSealed", "purgedAt" FROM inquiry ${after ? 'WHERE id > ?' : ''} ORDER BY id LIMIT ?`,
      after ? [after, limit] : [limit],
      em,
    );
  }

  /** Where the backfill `job` has got to; null when it is done (or was never needed). */
  async backfillCursor(job: string): Promise<{ cursor: string | null } | null> {
    const row = await this.sql.one<{ cursor: string | null; doneAt: string | null }>('SELECT cursor, "doneAt" FROM backfill_state WHERE job = ?', [job]);
    return row && !row.doneAt ? { cursor: row.cursor } : null;
  }

  async saveBackfill(job: string, cursor: string | null, doneAt: string | null, em: EntityManager): Promise<void> {
    await this.sql.all('UPDATE backfill_state SET cursor = ?, "doneAt" = ? WHERE job = ?', [cursor, doneAt, job], em);
  }

  /**
   * The secretariat's queue: its tabs' counts (see queueCounts) and a page of it (see queuePage).
   * Filtered by status alone, the page's total is one of those counts and nothing else waits for
   * them: on PostgreSQL counts and page are then read by one statement (the counts as a row of
   * their own, the page beside it), one round trip instead of two (3-7 % of the page's CPU,
   * measured). Otherwise, and on SQLite (no round trip to save; its planner flattens the counts'
   * row into the join and counts again for every row of the page: 20 % slower), one after the other.
   */
  async queue(viewer: Viewer, filter: InquiryFilter, page: PageQuery, open: readonly InquiryStatus[], now: string): Promise<{ counts: QueueCounts; page: Page<QueueRow> }> {
    if (!(this.sql.postgres && this.policy.seesEverything(viewer) && byStatusAlone(filter))) {
      const counts = await this.queueCounts(open, now);
      return { counts, page: await this.queuePage(viewer, filter, page, counts.byStatus) };
    }
    const { sets, statements } = assembleList(this.policy, viewer, filter, page, this.sql.postgres, true);
    const tallies = queueCountColumns(open, now);
    const list = statements.page(sets.map((_, n) => n));
    const rows = await this.sql.all<Partial<QueueRow> & Record<string, unknown>>(
      `SELECT c.*, p.* FROM (SELECT ${tallies.sql}) c LEFT JOIN (${list.sql}) p ON 1 = 1 ORDER BY p."createdAt" DESC, p.id DESC`,
      [...tallies.params, ...list.params],
    );
    // The counts' text is built by queueCountColumns from the same lists queueCountsOf reads it by;
    // should it still not read as they say (a driver returning something else), the counts are
    // read again on their own rather than the page failing or showing a wrong count.
    const counts = queueCountsOf(rows[0]?.queueTallies) ?? (await this.queueCounts(open, now));
    const statuses: readonly string[] = filter.statuses ?? [...counts.byStatus.keys()];
    const total = statuses.reduce((n, s) => n + (counts.byStatus.get(s) ?? 0), 0);
    // The counts' row alone (an empty page) has no id; the page's rows carry the counts' columns as well, unread.
    const found = rows.filter((r): r is QueueRow & Record<string, unknown> => r.id !== null && r.id !== undefined);
    return { counts, page: pageOf(found, statements.limit, total) };
  }

  /**
   * The secretariat's queue tabs, counted in one statement: the kept counts by status (open, new,
   * all), the open inquiries past their answer's due moment, and the open ones with a reply
   * waiting for clearance (through (clearance, inquiryId)).
   *
   * The overdue are not counted but subtracted: those whose clock runs, from the kept counts, less
   * those due from `now` on or without a due moment, through (status, slaDueAt). What is due later
   * is bounded by the intake of the last weeks; what is overdue grows with any backlog (in the
   * bench's archive of 100,000 nearly every running inquiry is), and counting it cost more than
   * the rest of the page. Bounded above as well for PostgreSQL's plan made once (see queueCountColumns).
   */
  async queueCounts(open: readonly InquiryStatus[], now: string): Promise<QueueCounts> {
    const running = placeholders(SLA_RUNNING.length);
    const rows = await this.sql.all<{ k: string; n: unknown }>(
      `SELECT status AS k, SUM(n) AS n FROM inquiry_status_tally GROUP BY status
       UNION ALL SELECT '#due', COUNT(*) FROM inquiry i WHERE i.status IN (${running}) AND i."slaDueAt" >= ? AND i."slaDueAt" < '9'
       UNION ALL SELECT '#undated', COUNT(*) FROM inquiry i WHERE i.status IN (${running}) AND i."slaDueAt" IS NULL
       UNION ALL SELECT '#clearance', COUNT(*) FROM inquiry i WHERE i.status IN (${placeholders(open.length)}) AND i.id IN (SELECT pm."inquiryId" FROM message pm WHERE pm.clearance = 'pending')`,
      [...SLA_RUNNING, now, ...SLA_RUNNING, ...open],
    );
    const byStatus = new Map<string, number>();
    let notOverdue = 0;
    let clearance = 0;
    for (const r of rows) {
      if (r.k === '#due' || r.k === '#undated') notOverdue += count(r.n);
      else if (r.k === '#clearance') clearance = count(r.n);
      else byStatus.set(r.k, count(r.n));
    }
    const runningCount = SLA_RUNNING.reduce((n, s) => n + (byStatus.get(s) ?? 0), 0);
    return { byStatus, overdue: Math.max(0, runningCount - notOverdue), clearance };
  }

  /**
   * The writes of an intake, to go with the audit entry and the outbox event in one `writeAll`:
   * the row (with the State's treaty status as it is at intake, kept for the reports, read from
   * the country table by the insert itself), its count by status, its topics, search tokens and
   * the keyed beginnings of its subject's words (sorted, so that their order says nothing of the
   * subject's): on SQLite a row per beginning (inquiry_prefix_token), on PostgreSQL one row
   * holding the whole words and the beginnings together (inquiry_search_set, see the migration
   * SearchTokenSets).
   */
  intakeWrites(inquiry: Inquiry, searchTokens: string[], prefixTokens: string[]): Array<InsertRows | SqlCondition | null> {
    // Sorted, like the prefixes: rows stored in the subject's word order would tell a copy of the
    // database (SQLite's rowid) where each keyed word stands in the subject.
    const words = [...new Set(searchTokens)].sort();
    return [
      {
        table: 'inquiry',
        rows: [
          {
            ...inquiry,
            tags: JSON.stringify(inquiry.tags),
            topics: JSON.stringify(inquiry.topics),
            intakeUncatStatus: sqlValue('SELECT "uncatStatus" FROM country WHERE code = ?', inquiry.country),
            intakeOpcatStatus: sqlValue('SELECT "opcatStatus" FROM country WHERE code = ?', inquiry.country),
          },
        ],
      },
      this.statusCount(inquiry.status, 1),
      { table: 'inquiry_topic', rows: topicRows(inquiry.id, inquiry.topics) },
      // One statement each whatever the count of words (the same text every time: planned once).
      this.sql.insertEach('inquiry_search_token', { inquiryId: inquiry.id }, 'token', words),
      this.sql.postgres
        ? searchSetRow(inquiry.id, [...words, ...prefixTokens])
        : this.sql.insertEach('inquiry_prefix_token', { inquiryId: inquiry.id }, 'token', [...new Set(prefixTokens)].sort()),
    ];
  }

  /** inquiry_topic after a change of the row's topics (in the same transaction), for filters and matching. */
  async replaceTopicIndex(inquiryId: string, topics: string[], em: EntityManager): Promise<void> {
    await this.sql.all('DELETE FROM inquiry_topic WHERE "inquiryId" = ?', [inquiryId], em);
    await this.sql.insert('inquiry_topic', topicRows(inquiryId, topics), em);
  }

  /**
   * The next reference number of the year. No lock held until commit (on PostgreSQL a sequence per
   * year, see RawSql.nextNumber; a failed intake leaves a gap there), so intakes do not wait for
   * each other. On PostgreSQL each instance takes REFERENCE_RESERVE numbers at a time and hands
   * them out in order: an intake asks the server for numbers once in REFERENCE_RESERVE. Numbers
   * still stay unique; an instance that stops leaves the rest of its reserve unused (gaps), and two
   * instances filing at once hand out numbers from two reserves (a later intake on one may have a
   * lower number than an earlier one on the other).
   */
  nextReferenceNumber(year: number, em: EntityManager): Promise<number> {
    const y = Math.trunc(year);
    return this.sql.nextNumber(
      {
        sequence: `inquiry_reference_${y}`,
        reserve: REFERENCE_RESERVE,
        startAfter: { sql: 'SELECT last AS n FROM reference_counter WHERE year = ?', params: [y] },
        sqliteNext: {
          sql: 'INSERT INTO reference_counter (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 RETURNING last AS n',
          params: [y],
        },
      },
      em,
    );
  }

  /** Applies a triage change only if nobody changed the inquiry since `version` was read. */
  async updateIfVersion(id: string, version: number, patch: Partial<Inquiry>, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em)
      .createQueryBuilder()
      .update()
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** The first reply the requester could read (a secretariat's shared message, or a cleared expert reply). */
  async noteFirstReply(id: string, at: string, em: EntityManager): Promise<void> {
    const s = this.firstReplyWrite(id, at);
    await this.sql.all(s.sql, s.params, em);
  }

  /** The same, to be written with a command's other writes (RawSql.writeAll). */
  firstReplyWrite(id: string, at: string): SqlCondition {
    return { sql: 'UPDATE inquiry SET "firstReplyAt" = ? WHERE id = ? AND "firstReplyAt" IS NULL', params: [at, id] };
  }

  /** Moves the status only if it still is `from`, so that two racing moves cannot both happen. */
  async moveStatus(id: string, from: InquiryStatus, to: InquiryStatus, patch: Partial<Inquiry>, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em)
      .createQueryBuilder()
      .update()
      .set({ ...patch, status: to, version: () => 'version + 1' })
      .where('id = :id AND status = :from', { id, from })
      .execute();
    if ((result.affected ?? 0) !== 1) return false;
    await this.countStatus(from, -1, em);
    await this.countStatus(to, 1, em);
    return true;
  }

  /** Keeps the counts by status in step with the inquiries, in the caller's transaction. */
  private async countStatus(status: InquiryStatus, delta: number, em: EntityManager): Promise<void> {
    const s = this.statusCount(status, delta);
    await this.sql.all(s.sql, s.params, em);
  }

  /** Adds to one shard of the status's count (see the migration IntakeWithoutHotRows). */
  private statusCount(status: InquiryStatus, delta: number): SqlCondition {
    return {
      sql: `INSERT INTO inquiry_status_tally (status, shard, n) VALUES (?, ${this.sql.counterShard}, ?) ON CONFLICT (status, shard) DO UPDATE SET n = inquiry_status_tally.n + excluded.n`,
      params: [status, delta],
    };
  }

  async addParticipant(p: InquiryParticipant, em: EntityManager): Promise<void> {
    await em.getRepository(InquiryParticipant).insert(p);
  }

  async isParticipant(inquiryId: string, userId: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(InquiryParticipant).existsBy({ inquiryId, userId });
  }

  /** Removes a participant; false when the user was not one. */
  async removeParticipant(inquiryId: string, userId: string, em: EntityManager): Promise<boolean> {
    const result = await em.getRepository(InquiryParticipant).delete({ inquiryId, userId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * The statuses of some inquiries, for deciding what may be done with assignments on them (an
   * expert's list): the status alone, which every viewer with an assignment there may see.
   */
  async statusesOf(ids: string[], em?: EntityManager): Promise<Map<string, InquiryStatus>> {
    if (ids.length === 0) return new Map();
    const unique = [...new Set(ids)];
    const rows = await this.sql.all<{ id: string; status: InquiryStatus }>(`SELECT id, status FROM inquiry WHERE id IN (${unique.map(() => '?').join(', ')})`, unique, em);
    return new Map(rows.map((r) => [r.id, r.status]));
  }
}

/**
 * An inquiry's row of inquiry_search_set (PostgreSQL): its keyed tokens, whole words and beginnings
 * together, each once and sorted (their order says nothing of the subject's), or null for none.
 */
const searchSetRow = (inquiryId: string, tokens: string[]) => {
  const sorted = [...new Set(tokens)].sort();
  return sorted.length === 0 ? null : { table: 'inquiry_search_set', rows: [{ inquiryId, tokens: sorted }] };
};

const topicRows = (inquiryId: string, topics: string[]) => topics.map((topicSlug, position) => ({ inquiryId, topicSlug, position }));

type InquiryRow = Partial<Record<keyof Inquiry, unknown>>;
type ListRow = Partial<Record<(typeof LIST_COLUMNS)[number], unknown>>;
type FactsRow = { facts_participant: unknown; facts_expert: unknown };

/** What queueCountColumns' text must be: a whole number for each status and three more. */
const QUEUE_TALLIES = new RegExp(`^\\d{1,15}(?:,\\d{1,15}){${STATUSES.length + 2}}$`);

/** The queue's tabs as counted by `queueCounts`. */
export interface QueueCounts {
  byStatus: Map<string, number>;
  overdue: number;
  clearance: number;
}

/**
 * queueCounts' statement as one column (for `queue`, which reads the page beside it): each
 * status's kept count, the running ones due from `now` on and without a due moment, the open ones
 * with a reply waiting for clearance, in this order, as one text of numbers separated by commas.
 * One column rather than one for each: the page's every row carries it, and eleven columns more on
 * each of its 26 rows were 40 % of the values the driver parsed for the page.
 */
function queueCountColumns(open: readonly InquiryStatus[], now: string): SqlCondition {
  const running = placeholders(SLA_RUNNING.length);
  return {
    // Those due from `now` on are bounded above as well (every due moment, an ISO date of a year
    // below 9999, sorts before '9'), which changes no count: PostgreSQL, planning the named
    // statement once for all its runs without knowing `now`, prices a range bound on both sides
    // as narrow, and `>= now` alone as a third of the running inquiries; that made the plan for
    // all runs dearer than one made for each run's `now` at 10,000 inquiries, and the statement
    // was planned again on every request (see assembleList's `queueMarks`).
    sql: `concat_ws(',', ${[
      // Every status's kept count in one reading of the tally (a subquery for each was seven plans to run).
      `(SELECT concat_ws(',', ${STATUSES.map(() => 'COALESCE(SUM(n) FILTER (WHERE status = ?), 0)').join(', ')}) FROM inquiry_status_tally)`,
      `(SELECT COUNT(*) FROM inquiry i WHERE i.status IN (${running}) AND i."slaDueAt" >= ? AND i."slaDueAt" < '9')`,
      `(SELECT COUNT(*) FROM inquiry i WHERE i.status IN (${running}) AND i."slaDueAt" IS NULL)`,
      `(SELECT COUNT(*) FROM inquiry i WHERE i.status IN (${placeholders(open.length)}) AND i.id IN (SELECT pm."inquiryId" FROM message pm WHERE pm.clearance = 'pending'))`,
    ].join(', ')}) AS "queueTallies"`,
    params: [...STATUSES, ...SLA_RUNNING, now, ...SLA_RUNNING, ...open],
  };
}

/** The counts from queueCountColumns' text (STATUSES.length + 3 whole numbers), or null when it is not that. */
export function queueCountsOf(text: unknown): QueueCounts | null {
  if (typeof text !== 'string' || !QUEUE_TALLIES.test(text)) return null;
  const tallies = text.split(',').map(Number);
  const byStatus = new Map<string, number>();
  STATUSES.forEach((status, n) => {
    if (tallies[n] !== 0) byStatus.set(status, tallies[n]);
  });
  const [due, undated, clearance] = tallies.slice(STATUSES.length);
  const runningCount = SLA_RUNNING.reduce((n, s) => n + (byStatus.get(s) ?? 0), 0);
  return { byStatus, overdue: Math.max(0, runningCount - due - undated), clearance };
}

/**
 * An inquiry from a row of `inquiry` (all its columns, or a list's, which leaves the body and the
 * SLA clock undefined), typed as the entity would be: JSON parsed, booleans as booleans, numbers as
 * numbers. Copied field by field into a literal (typed, so that a column added to the entity and
 * not here fails to compile): the driver returns each row as a dictionary-mode object, from which
 * Object.assign copies at some 3 µs a row, six times this; a list maps 26 of them.
 */
function fromRow(r: InquiryRow): Inquiry {
  const columns: Omit<Inquiry, 'requester' | 'organization'> = {
    id: r.id as string,
    reference: r.reference as string,
    requesterId: r.requesterId as string,
    organizationId: r.organizationId as string,
    country: r.country as string,
    language: r.language as string,
    urgency: r.urgency as Inquiry['urgency'],
    status: r.status as Inquiry['status'],
    priority: r.priority as Inquiry['priority'],
    tags: JSON.parse(r.tags as string) as string[],
    topics: JSON.parse(r.topics as string) as string[],
    dueAt: r.dueAt as string | null,
    desiredBy: r.desiredBy as string | null,
    publicationConsent: bool(r.publicationConsent),
    outcome: r.outcome as Inquiry['outcome'],
    version: Number(r.version),
    wrappedKey: r.wrappedKey as string,
    subjectSealed: r.subjectSealed as string,
    bodySealed: r.bodySealed as string,
    createdAt: r.createdAt as string,
    updatedAt: r.updatedAt as string,
    slaDueAt: r.slaDueAt as string | null,
    pausedSeconds: r.pausedSeconds as number | null,
    awaitingSince: r.awaitingSince as string | null,
    intakeUncatStatus: r.intakeUncatStatus as Inquiry['intakeUncatStatus'],
    intakeOpcatStatus: r.intakeOpcatStatus as Inquiry['intakeOpcatStatus'],
    acknowledgedAt: r.acknowledgedAt as string | null,
    firstReplyAt: r.firstReplyAt as string | null,
    closedAt: r.closedAt as string | null,
    purgedAt: (r.purgedAt ?? null) as string | null,
  };
  return Object.assign(new Inquiry(), columns);
}
