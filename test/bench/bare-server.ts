import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';
import { applySqlitePragmas, SQLITE_BUSY_TIMEOUT_MS } from '../../src/database/data-source-options.js';

/**
 * The bare reference: a plain node:http server on the same database doing only the minimal SQL of
 * each workload (one insert; one indexed page of 25 with its count), no framework, no sealing.
 */
const url = process.env.DATABASE_URL ?? '';
const requesterId = process.env.BARE_REQUESTER_ID ?? '';
const organizationId = process.env.BARE_ORG_ID ?? '';
const port = Number(process.env.PORT ?? 0);

interface Db {
  insert(values: unknown[]): Promise<void>;
  page(status: string): Promise<{ items: unknown[]; total: number }>;
}

const INSERT_COLS =
  'id, reference, "requesterId", "organizationId", country, language, urgency, status, priority, tags, topics, "publicationConsent", version, "wrappedKey", "subjectSealed", "bodySealed", "createdAt", "updatedAt"';
const PAGE = 'SELECT * FROM inquiry WHERE status = $1 ORDER BY "createdAt" DESC, id DESC LIMIT 25';
const COUNT = 'SELECT COUNT(*) AS n FROM inquiry WHERE status = $1';

function open(): Db {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { timeout: SQLITE_BUSY_TIMEOUT_MS });
    applySqlitePragmas(db);
    const insert = db.prepare(`INSERT INTO inquiry (${INSERT_COLS}) VALUES (${Array(18).fill('?').join(', ')})`);
    const page = db.prepare(PAGE.replace('$1', '?'));
    const count = db.prepare(COUNT.replace('$1', '?'));
    return {
      insert: async (v) => void insert.run(...v.map((x) => (typeof x === 'boolean' ? Number(x) : x))),
      page: async (s) => ({ items: page.all(s), total: (count.get(s) as { n: number }).n }),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    insert: async (v) => void (await pool.query(`INSERT INTO inquiry (${INSERT_COLS}) VALUES (${v.map((_, i) => `$${i + 1}`).join(', ')})`, v)),
    page: async (s) => {
      const [items, count] = await Promise.all([pool.query(PAGE, [s]), pool.query(COUNT, [s])]);
      return { items: items.rows, total: Number(count.rows[0].n) };
    },
  };
}

const db = open();
const server = createServer((req, res) => {
  const done = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  req.resume();
  req.on('end', () => {
    const now = new Date().toISOString();
    const work =
      req.method === 'POST'
        ? db
            .insert([
              randomUUID(),
              `B-${randomUUID().slice(0, 16)}`,
              requesterId,
              organizationId,
              'XA',
              'en',
              'normal',
              'submitted',
              'normal',
              '[]',
              '[]',
              false,
              1,
              'k',
              's',
              'b',
              now,
              now,
            ])
            .then(() => done(201, { ok: true }))
        : db.page(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 'in-progress').then((r) => done(200, r));
    work.catch((err: Error) => done(500, { error: err.message }));
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
