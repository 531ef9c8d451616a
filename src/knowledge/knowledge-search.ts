import type { EntityManager } from 'typeorm';
import { RawSql } from '../database/raw-sql.js';

/** The word index of published entries, one row per language version. */
export interface IndexedText {
  language: string;
  text: string;
}

/**
 * Words searched in published entries, through the database's own full-text search: one interface,
 * two implementations (SQLite FTS5, PostgreSQL tsvector), chosen by the database in use. Only
 * published entries are indexed: a draft's words are sealed and never reach the index.
 */
export abstract class KnowledgeSearch {
  abstract index(entryId: string, texts: IndexedText[], em: EntityManager): Promise<void>;
  abstract remove(entryIds: string[], em: EntityManager): Promise<void>;
  /** The entries (`alias`) whose text in `language` (or in any) holds every word of `words`, with named parameters for a query builder. */
  abstract matching(alias: string, words: string[], language?: string): NamedCondition;
}

/** Lower-case words of a query, at most a few, without the characters either syntax gives a meaning to. */
export function queryWords(q: string): string[] {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && w.length <= 60);
  return [...new Set(words)].slice(0, 12);
}

/** A condition for TypeORM's query builder: `:name` placeholders and their values. */
export interface NamedCondition {
  sql: string;
  params: Record<string, unknown>;
}

const NOTHING: NamedCondition = { sql: '1 = 0', params: {} };

/** SQLite: an FTS5 table with Porter stemming over unicode61 words, diacritics removed. */
export class SqliteKnowledgeSearch extends KnowledgeSearch {
  constructor(private readonly sql: RawSql) {
    super();
  }

  async index(entryId: string, texts: IndexedText[], em: EntityManager): Promise<void> {
    for (const t of texts) await this.sql.all('INSERT INTO knowledge_fts ("entryId", language, content) VALUES (?, ?, ?)', [entryId, t.language, t.text], em);
  }

  async remove(entryIds: string[], em: EntityManager): Promise<void> {
    if (entryIds.length === 0) return;
    await this.sql.all(`DELETE FROM knowledge_fts WHERE "entryId" IN (${entryIds.map(() => '?').join(', ')})`, entryIds, em);
  }

  matching(alias: string, words: string[], language?: string): NamedCondition {
    if (words.length === 0) return NOTHING;
    // Each word quoted: a string of FTS5 syntax, still tokenised (and stemmed) as the indexed text.
    const match = words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
    return language
      ? { sql: `${alias}.id IN (SELECT "entryId" FROM knowledge_fts WHERE knowledge_fts MATCH :match AND language = :language)`, params: { match, language } }
      : { sql: `${alias}.id IN (SELECT "entryId" FROM knowledge_fts WHERE knowledge_fts MATCH :match)`, params: { match } };
  }
}

/** PostgreSQL's text-search configuration for each language of the service (all five have a stemmer). */
export const PG_CONFIG: Record<string, string> = { en: 'english', fr: 'french', es: 'spanish', pt: 'portuguese', ar: 'arabic' };

/** PostgreSQL: a tsvector per language version, stemmed by that language's configuration, under a GIN index. */
export class PostgresKnowledgeSearch extends KnowledgeSearch {
  constructor(private readonly sql: RawSql) {
    super();
  }

  async index(entryId: string, texts: IndexedText[], em: EntityManager): Promise<void> {
    for (const t of texts) {
      await this.sql.all(
        `INSERT INTO knowledge_search ("entryId", language, document) VALUES (?, ?, to_tsvector('${PG_CONFIG[t.language]}', ?))`,
        [entryId, t.language, t.text],
        em,
      );
    }
  }

  async remove(entryIds: string[], em: EntityManager): Promise<void> {
    if (entryIds.length === 0) return;
    await this.sql.all(`DELETE FROM knowledge_search WHERE "entryId" IN (${entryIds.map(() => '?').join(', ')})`, entryIds, em);
  }

  matching(alias: string, words: string[], language?: string): NamedCondition {
    if (words.length === 0) return NOTHING;
    const text = words.join(' ');
    if (language) {
      return {
        sql: `${alias}.id IN (SELECT s."entryId" FROM knowledge_search s WHERE s.language = :language AND s.document @@ plainto_tsquery('${PG_CONFIG[language]}', :text))`,
        params: { language, text },
      };
    }
    // A constant query (each language's stems, any of them) so that the GIN index serves it.
    const configs = Object.values(PG_CONFIG);
    return {
      sql: `${alias}.id IN (SELECT s."entryId" FROM knowledge_search s WHERE s.document @@ (${configs.map((c) => `plainto_tsquery('${c}', :text)`).join(' || ')}))`,
      params: { text },
    };
  }
}

/** The implementation for the database in use, as a provider of KnowledgeSearch. */
export const knowledgeSearchProvider = {
  provide: KnowledgeSearch,
  inject: [RawSql],
  useFactory: (sql: RawSql): KnowledgeSearch => (sql.postgres ? new PostgresKnowledgeSearch(sql) : new SqliteKnowledgeSearch(sql)),
};
