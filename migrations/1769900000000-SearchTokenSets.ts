import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL only (SQLite is left as it is): an inquiry's keyed search tokens, whole words and
 * beginnings of words together, as ONE row of a sorted array with a GIN index
 * (inquiry_search_set), instead of a row per beginning in inquiry_prefix_token, each in two
 * b-trees. An intake wrote some seventeen beginnings for a five-word subject, 34 b-tree inserts:
 * measured in a scratch loop of an intake's writes (BEGIN, the one statement, COMMIT), 0.48-0.64
 * ms of PostgreSQL CPU with the rows, 0.35-0.44 with the set, 0.30-0.39 with no tokens at all. A
 * GIN index takes a new row's keys into its pending list in one write and merges them into the
 * index in bulk (the list is kept small, 256 kB, so that a search never reads much of it and the
 * merge an insert may do now and then is short). A search asks for the rows holding every token of the query (`@>`), which is
 * what the two tables answered (each token a whole word or a beginning of one): still exact, still
 * keyed. The whole words stay in inquiry_search_token as well, for the link suggestions, which
 * count the words two inquiries share.
 *
 * The set of every inquiry already filed is made from both tables (a backfill of beginnings not yet
 * done merges them into the set later), and inquiry_prefix_token is emptied on PostgreSQL: nothing
 * reads or writes it there any more. Down puts the beginnings back as rows.
 */
export class SearchTokenSets1769900000000 implements MigrationInterface {
  name = 'SearchTokenSets1769900000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query(`CREATE TABLE inquiry_search_set ("inquiryId" varchar(36) PRIMARY KEY, tokens varchar(32)[] NOT NULL)`);
    await q.query(
      `INSERT INTO inquiry_search_set ("inquiryId", tokens)
       SELECT "inquiryId", array_agg(token ORDER BY token) FROM (SELECT "inquiryId", token FROM inquiry_search_token UNION SELECT "inquiryId", token FROM inquiry_prefix_token) t GROUP BY "inquiryId"`,
    );
    // Made after the fill: built in one pass rather than entry by entry.
    await q.query(`CREATE INDEX ix_inquiry_search_set_tokens ON inquiry_search_set USING gin (tokens) WITH (gin_pending_list_limit = 256)`);
    await q.query('DELETE FROM inquiry_prefix_token');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    // The beginnings are the set's tokens that are not a whole word of the inquiry (one that is both finds the same as before).
    await q.query(
      `INSERT INTO inquiry_prefix_token ("inquiryId", token)
       SELECT s."inquiryId", t.token FROM inquiry_search_set s CROSS JOIN LATERAL unnest(s.tokens) AS t(token)
       WHERE NOT EXISTS (SELECT 1 FROM inquiry_search_token w WHERE w."inquiryId" = s."inquiryId" AND w.token = t.token)
       ORDER BY s."inquiryId", t.token
       ON CONFLICT DO NOTHING`,
    );
    await q.query('DROP TABLE inquiry_search_set');
  }
}
