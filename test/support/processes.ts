import { request } from 'node:http';
import { createServer } from 'node:net';
import { ADMIN } from './app.js';

/** A port nobody listens on right now (for a child-process service that must keep it across restarts). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The environment of a child-process service on a test database: bootstrap admin, no second factor. */
export function serviceEnv(dataDir: string, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    MFA_REQUIRED_ROLES: '',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    PUBLIC_URL: 'http://advice.test',
    RATE_LIMIT_PER_MINUTE: '0',
    ...extra,
  };
}

/**
 * How many times a fault loop runs: a short count by default (CI runs every suite twice), the full
 * count under `npm run test:faults` (FAULTS=full).
 */
export const faultCount = (short: number, full: number): number => (process.env.FAULTS === 'full' ? full : short);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * A request whose body is written slowly, in `chunks` pieces `gapMs` apart: it is in flight for a
 * while, which is what a shutdown or a crash must be tested against. Resolves with the status and
 * body, or rejects on a network error.
 */
export function slowRequest(
  url: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
  chunks: number,
  gapMs: number,
  onFirstChunk?: () => void,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const size = Math.ceil(body.length / chunks);
    let i = 0;
    const next = () => {
      const piece = body.subarray(i * size, (i + 1) * size);
      i += 1;
      if (i === 1) onFirstChunk?.();
      if (i >= chunks || piece.length === 0) {
        req.end(piece);
        return;
      }
      req.write(piece);
      setTimeout(next, gapMs);
    };
    next();
  });
}

/** A multipart/form-data body with one file field, written by hand (for slow or raw sending). */
export function multipartBody(file: { name: string; bytes: Buffer; type?: string; field?: string }): { body: Buffer; contentType: string } {
  const boundary = `----cti${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
  );
  return { body: Buffer.concat([head, file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
