import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { foreignKey, idColumn, index, intColumn, refColumn, stringColumn, textColumn, timeColumn } from './support.js';

/**
 * The knowledge base (issue 21): the requester's answer, at closure, to the question of
 * anonymised reuse; entries drafted apart from their source inquiry, sealed, approved by a second
 * member of the secretariat; and the word index of the published ones, which is the database's own
 * full-text search (SQLite FTS5, PostgreSQL tsvector), so it is made here and not by an entity.
 */
export class KnowledgeBase1768867200000 implements MigrationInterface {
  name = 'KnowledgeBase1768867200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'publication_consent',
        columns: [{ ...refColumn('inquiryId'), isPrimary: true }, stringColumn('status', 12), timeColumn('askedAt'), timeColumn('answeredAt', true)],
        foreignKeys: [foreignKey('publication_consent', 'inquiryId', 'inquiry', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'knowledge_entry',
        columns: [
          idColumn(),
          stringColumn('status', 12),
          refColumn('sourceInquiryId'),
          refColumn('drafterId'),
          refColumn('approverId', true),
          textColumn('topics'),
          textColumn('languages'),
          textColumn('wrappedKey'),
          textColumn('explanationsSealed', true),
          intColumn('version'),
          timeColumn('createdAt'),
          timeColumn('updatedAt'),
          timeColumn('publishedAt', true),
        ],
        indices: [index('knowledge_entry', ['status', 'createdAt', 'id']), index('knowledge_entry', ['sourceInquiryId'])],
        foreignKeys: [
          foreignKey('knowledge_entry', 'sourceInquiryId', 'inquiry', 'CASCADE'),
          foreignKey('knowledge_entry', 'drafterId', 'user_account'),
          foreignKey('knowledge_entry', 'approverId', 'user_account'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'knowledge_text',
        columns: [{ ...refColumn('entryId'), isPrimary: true }, { ...stringColumn('language', 2), isPrimary: true }, textColumn('questionSealed'), textColumn('answerSealed')],
        foreignKeys: [foreignKey('knowledge_text', 'entryId', 'knowledge_entry', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'knowledge_topic',
        columns: [
          { ...refColumn('entryId'), isPrimary: true },
          { ...stringColumn('topicSlug', 60), isPrimary: true },
        ],
        indices: [index('knowledge_topic', ['topicSlug', 'entryId'])],
        foreignKeys: [
          foreignKey('knowledge_topic', 'entryId', 'knowledge_entry', 'CASCADE'),
          { ...foreignKey('knowledge_topic', 'topicSlug', 'topic'), referencedColumnNames: ['slug'] },
        ],
      }),
    );
    if (q.connection.options.type === 'postgres') {
      await q.query(
        `CREATE TABLE knowledge_search ("entryId" varchar(36) NOT NULL REFERENCES knowledge_entry(id) ON DELETE CASCADE, language varchar(2) NOT NULL, document tsvector NOT NULL, PRIMARY KEY ("entryId", language))`,
      );
      await q.query(`CREATE INDEX ix_knowledge_search_document ON knowledge_search USING GIN (document)`);
    } else {
      // Porter stemming (English) over unicode61 words without diacritics: "torturé" meets "torture".
      await q.query(`CREATE VIRTUAL TABLE knowledge_fts USING fts5("entryId" UNINDEXED, language UNINDEXED, content, tokenize = 'porter unicode61 remove_diacritics 2')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'postgres' ? 'DROP TABLE knowledge_search' : 'DROP TABLE knowledge_fts');
    for (const table of ['knowledge_topic', 'knowledge_text', 'knowledge_entry', 'publication_consent']) await q.dropTable(table);
  }
}
