import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { textColumn } from './support.js';

/**
 * Each inquiry's topic slugs, primary first, as a JSON list on its own row: a copy of
 * inquiry_topic written in the same transaction, so that a list reads its rows' topics with them
 * instead of in a second query. inquiry_topic stays the index that filters and matching use.
 */
export class InquiryTopicList1768262400000 implements MigrationInterface {
  name = 'InquiryTopicList1768262400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('inquiry', new TableColumn(textColumn('topics', true)));
    await q.query(
      q.connection.options.type === 'postgres'
        ? `UPDATE inquiry SET topics = (SELECT COALESCE(json_agg(t."topicSlug" ORDER BY t.position), '[]'::json)::text FROM inquiry_topic t WHERE t."inquiryId" = inquiry.id)`
        : `UPDATE inquiry SET topics = (SELECT json_group_array(t."topicSlug" ORDER BY t.position) FROM inquiry_topic t WHERE t."inquiryId" = inquiry.id)`,
    );
    await q.changeColumn('inquiry', 'topics', new TableColumn(textColumn('topics')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('inquiry', 'topics');
  }
}
