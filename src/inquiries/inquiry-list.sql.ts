import { decodeCursor, type PageQuery } from '../common/pagination.js';
import type { AccessPolicy, VisibleSet } from '../access/access-policy.js';
import type { Viewer } from '../common/viewer.js';
import { allOf, placeholders, type SqlCondition } from '../database/raw-sql.js';
import { SLA_RUNNING } from './sla.js';
import type { InquiryStatus } from '../common/workflow.js';

/** What a list may be narrowed by (the viewer's own scope comes from the access policy). */
export interface InquiryFilter {
  assignedTo?: string;
  awaitingClearance?: boolean;
  statuses?: InquiryStatus[];
  topic?: string;
  country?: string;
  urgency?: string;
  overdueAt?: string;
  searchTokens?: string[];
  reference?: string;
}

/**
 * What a row of the secretariat's queue shows, and no more: the cursor's (createdAt, id), what
 * its cells say, and the key and sealed subject to open it with. Reading every list column made
 * the page's statement carry and convert twice the values (the owner's ids, tags, version,
 * consent...), and the service build whole inquiries from them only to drop them (bench W6).
 */
export const QUEUE_COLUMNS = [
  'id',
  'reference',
  'country',
  'language',
  'urgency',
  'status',
  'priority',
  'topics',
  'dueAt',
  'wrappedKey',
  'subjectSealed',
  'createdAt',
  'updatedAt',
  'purgedAt',
] as const;

/** Every column a list item needs: the queue's and the rest but the body, which a list never shows. */
export const LIST_COLUMNS = [...QUEUE_COLUMNS, 'requesterId', 'organizationId', 'tags', 'desiredBy', 'publicationConsent', 'outcome', 'version'] as const;

const SELECTED = LIST_COLUMNS.map((c) => `i."${c}"`).join(', ');

/**
 * What the secretariat's queue marks on each row, read with the page rather than by a statement
 * of its own (which looked each row up again): the answer's due moment, the replies waiting for
 * clearance, whether any expert is on it (proposed, accepted or done). Evaluated for the rows of
 * the page only, each through its index: the experts' mark is a scalar subquery (LIMIT 1), not an
 * EXISTS, which PostgreSQL may turn into a hash of every assignment of the archive built on each
 * run (it did at 1,000 inquiries, and at any size in the plan made once for all runs of the named
 * statement, which priced the page at a tenth of the table: 1.2 ms for 26 rows).
 */
const QUEUE_SELECTED = QUEUE_COLUMNS.map((c) => `i."${c}"`).join(', ');
const QUEUE_MARKS =
  `, i."slaDueAt", (SELECT COUNT(*) FROM message m WHERE m.clearance = 'pending' AND m."inquiryId" = i.id) AS "markPending",` +
  ` COALESCE((SELECT 1 FROM assignment a WHERE a."inquiryId" = i.id AND a.status IN ('proposed', 'accepted', 'completed') LIMIT 1), 0) AS "markExperts"`;
const NEWEST_FIRST = 'ORDER BY i."createdAt" DESC, i.id DESC';

/** The statements of one page of a list; see `listStatements`. */
export interface ListStatements {
  /** One row: the count of each visible set under the filter, as n0, n1... */
  count: SqlCondition;
  /** The page, newest first from the cursor on, over those of the sets (by position) that hold any row. */
  page(sets: number[]): SqlCondition;
  limit: number;
}

/**
 * A list over the viewer's visible sets (disjoint). Each set is counted and read on its own,
 * through its own index, ordered and limited. A set the count found empty is not read at all:
 * most requesters have nothing shared with them. With several sets only the ids of their pages
 * are merged and the rows read once by id: merging whole rows made SQLite carry every column
 * through a co-routine and a sort, which cost three times the page itself.
 *
 * With `idsFirst` (PostgreSQL) a single set's page is read that way too. Asked for whole rows, its
 * planner reads them through the (createdAt, id) index and filters the status as it goes, priced
 * as if the statuses were spread evenly over time; when the newest thousands are all of another
 * status (a backlog of new inquiries), every page skips them all: the secretariat's list at 100,000
 * fell to 72 requests/s with a p99 of 830 ms in the bench. Asked for ids, it reads the index of the
 * filter (status, createdAt, id), which holds them in order.
 */
function listStatements(sets: VisibleSet[], filter: InquiryFilter, page: PageQuery, postgres: boolean, columns: string, literalLimit: boolean): ListStatements {
  const idsFirst = postgres;
  const filters = filterConditions(filter, postgres);
  const limit = page.limit ?? 25;
  const after = page.cursor ? afterCursor(page.cursor) : [];
  const counts = sets.map((set) => ({ from: set.from, ...allOf([set, ...filters]) }));
  // See assembleList's `queueMarks` for why the queue's limit is written into its text (a validated
  // integer, PageQuery; checked again here, as it becomes SQL).
  if (literalLimit && !(Number.isSafeInteger(limit) && limit >= 1)) throw new RangeError(`a page size must be a positive integer, not ${String(limit)}`);
  const limitSql = literalLimit ? `LIMIT ${limit + 1}` : 'LIMIT ?';
  const limitParams = literalLimit ? [] : [limit + 1];
  const branch = (columns: string, set: VisibleSet): SqlCondition => {
    const where = allOf([set, ...filters, ...after]);
    return { sql: `SELECT ${columns} FROM ${set.from} WHERE ${where.sql} ${NEWEST_FIRST} ${limitSql}`, params: [...where.params, ...limitParams] };
  };
  return {
    count: {
      sql: `SELECT ${counts.map((c, n) => `(SELECT COUNT(*) FROM ${c.from} WHERE ${c.sql}) AS n${n}`).join(', ')}`,
      params: counts.flatMap((c) => c.params),
    },
    page: (read) => {
      if (read.length === 1 && !idsFirst) return branch(columns, sets[read[0]]);
      const idPages = read.map((n) => branch('i.id', sets[n]));
      const ids = (union: string) => idPages.map((b, n) => `SELECT id FROM (${b.sql}) b${n}`).join(union);
      if (postgres) {
        // Each row read by its id through the primary key, one at a time: a LATERAL subquery with a
        // LIMIT is not merged into the join, so its plan is a nested loop over the page's ids. Asked
        // for `i.id IN (the ids)`, the plan PostgreSQL makes once for all runs of the named statement
        // (which knows only that a page is 26 ids) hashed them and read the whole table beside them
        // up to some 1,000 rows: the queue page at 1,000 inquiries spent a third of its statement's
        // CPU (0.31 -> 0.23 ms) scanning the archive for 26 rows (bench W6, PERFORMANCE.md). UNION,
        // not UNION ALL: an inquiry in two of the sets is still one row, as `IN` made it.
        return {
          sql: `SELECT i.* FROM (${ids(' UNION ')}) ids CROSS JOIN LATERAL (SELECT ${columns} FROM inquiry i WHERE i.id = ids.id LIMIT 1) i ${NEWEST_FIRST} ${limitSql}`,
          params: [...idPages.flatMap((b) => b.params), ...limitParams],
        };
      }
      return {
        sql: `SELECT ${columns} FROM inquiry i WHERE i.id IN (${ids(' UNION ALL ')}) ${NEWEST_FIRST} ${limitSql}`,
        params: [...idPages.flatMap((b) => b.params), ...limitParams],
      };
    },
    limit,
  };
}

/**
 * The whole list query for one viewer: the policy's visible sets (narrowed to those whose subject
 * the viewer may read when searching by words) and the statements over them. Pure, so that its SQL
 * can be seen whole in test/unit/inquiry-list-sql.spec.ts's snapshots. With `queueMarks`, the page
 * reads the queue's columns (QUEUE_COLUMNS) and each row also carries `slaDueAt`, `markPending`
 * and `markExperts` (1 or 0); and its LIMIT is written into the text rather than bound (the
 * queue's page size is fixed, so this makes one text, not one per size): PostgreSQL plans a named
 * statement once for all its runs when that plan is not dearer than those it makes for each run's
 * values, and priced a bound LIMIT as a tenth of the matching rows, which made that plan dearer at
 * 10,000 inquiries; it then planned the queue's statement again on every request (PostgreSQL's
 * CPU per page in the bench at 10,000: 1.1-1.2 ms so, 0.4-0.5 ms planned once).
 */
export function assembleList(
  policy: AccessPolicy,
  viewer: Viewer,
  filter: InquiryFilter,
  page: PageQuery,
  postgres: boolean,
  queueMarks = false,
): { sets: VisibleSet[]; statements: ListStatements } {
  const narrowed = filter.searchTokens?.length ? policy.subjectSearchSet(viewer, 'i') : null;
  const sets = policy.visibleSets(viewer, 'i').map((set) => (narrowed ? { from: set.from, ...allOf([set, narrowed]) } : set));
  return { sets, statements: listStatements(sets, filter, page, postgres, queueMarks ? QUEUE_SELECTED + QUEUE_MARKS : SELECTED, queueMarks) };
}

/** Whether a filter asks for nothing but statuses (or for nothing at all). */
export function byStatusAlone(f: InquiryFilter): boolean {
  return Object.entries(f).every(([key, value]) => key === 'statuses' || value === undefined || value === false);
}

/** The number of inquiries in these statuses (in all, without statuses) from the kept counts. */
export function statusCountStatement(statuses: InquiryStatus[] | undefined): SqlCondition {
  return statuses?.length
    ? { sql: `SELECT COALESCE(SUM(n), 0) AS n FROM inquiry_status_tally WHERE status IN (${placeholders(statuses.length)})`, params: statuses }
    : { sql: 'SELECT COALESCE(SUM(n), 0) AS n FROM inquiry_status_tally', params: [] };
}

function afterCursor(cursor: string): SqlCondition[] {
  const c = decodeCursor(cursor);
  return [{ sql: 'i."createdAt" < ? OR (i."createdAt" = ? AND i.id < ?)', params: [c.at, c.at, c.id] }];
}

function filterConditions(f: InquiryFilter, postgres: boolean): SqlCondition[] {
  const where: SqlCondition[] = [];
  const add = (sql: string, ...params: unknown[]) => where.push({ sql, params });
  if (f.awaitingClearance) add(`i.id IN (SELECT pm."inquiryId" FROM message pm WHERE pm.clearance = 'pending')`);
  if (f.assignedTo) add(`i.id IN (SELECT fa."inquiryId" FROM assignment fa WHERE fa."expertId" = ? AND fa.status IN ('proposed', 'accepted', 'completed'))`, f.assignedTo);
  if (f.statuses?.length) add(`i.status IN (${placeholders(f.statuses.length)})`, ...f.statuses);
  if (f.country) add('i.country = ?', f.country);
  if (f.urgency) add('i.urgency = ?', f.urgency);
  if (f.topic) add('i.id IN (SELECT ft."inquiryId" FROM inquiry_topic ft WHERE ft."topicSlug" = ?)', f.topic);
  if (f.overdueAt) add(`i."slaDueAt" < ? AND i.status IN (${placeholders(SLA_RUNNING.length)})`, f.overdueAt, ...SLA_RUNNING);
  if (f.reference) add('i.reference = ?', f.reference);
  if (f.searchTokens?.length && postgres) {
    // Every word must match, as a whole word or as the beginning of one: the inquiry's set of
    // tokens (both kinds, see the migration SearchTokenSets) holds them all, through its GIN index.
    add(`i.id IN (SELECT ss."inquiryId" FROM inquiry_search_set ss WHERE ss.tokens @> ?::varchar[])`, [...new Set(f.searchTokens)]);
  } else if (f.searchTokens?.length) {
    // Every word must match, as a whole word or as the beginning of one: the inquiry holds all the
    // tokens, each in either table (UNION keeps one row per inquiry and token).
    const tokens = placeholders(f.searchTokens.length);
    add(
      `i.id IN (SELECT st."inquiryId" FROM (SELECT w."inquiryId", w.token FROM inquiry_search_token w WHERE w.token IN (${tokens}) UNION SELECT p."inquiryId", p.token FROM inquiry_prefix_token p WHERE p.token IN (${tokens})) st GROUP BY st."inquiryId" HAVING COUNT(*) = ?)`,
      ...f.searchTokens,
      ...f.searchTokens,
      f.searchTokens.length,
    );
  }
  return where;
}
