import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { AuditSealer } from '../../src/audit/audit-sealer.js';
import { Clock } from '../../src/common/clock.js';
import { Dispatcher, type DrainResult } from '../../src/notifications/dispatcher.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { HttpClient } from './http.js';
import type { TestSmtpServer } from './smtp.js';

export const ADMIN = { email: 'admin@example.org', password: 'a long and unusual chief passphrase' };

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  url: string;
  dataDir: string;
  db: TestDatabase;
  http: HttpClient;
  clock: Clock;
  dataSource: DataSource;
  /** The SMTP server the app mails to, when the test gave one (otherwise mail is written under DATA_DIR/mail). */
  smtp?: TestSmtpServer;
  /** Runs the outbox dispatcher until nothing is due (what the background loop does every few seconds). */
  notify(): Promise<DrainResult>;
  /** Seals every audit entry written so far and appends a checkpoint (what the sealer does every second). */
  seal(): Promise<number>;
  /** Everything the service logged so far. */
  logs(): string;
  close(): Promise<void>;
}

/**
 * The real application, listening on a loopback port, on its own temporary data directory and
 * database. `env` overrides the defaults below exactly as environment variables would.
 */
export async function startApp(env: Record<string, string> = {}, options: { smtp?: TestSmtpServer } = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cti-test-'));
  const db = await createTestDatabase(dataDir);
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    LOG_LEVEL: 'info',
    MFA_REQUIRED_ROLES: '',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    PUBLIC_URL: 'http://advice.test',
    // Mail goes out when a test drains the outbox (`t.notify()`), never behind its back.
    NOTIFY_INTERVAL_MS: '0',
    // Audit entries are sealed when a test asks (`t.seal()`), so statement counts stay exact.
    AUDIT_SEAL_INTERVAL_MS: '0',
    ...(options.smtp ? { SMTP_URL: options.smtp.url } : {}),
    ...env,
  });
  const logStream = new PassThrough();
  const chunks: Buffer[] = [];
  logStream.on('data', (c: Buffer) => chunks.push(c));
  const app = await createApp(config, { logDestination: logStream });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    url,
    dataDir,
    db,
    http: new HttpClient(url),
    clock: app.get(Clock),
    dataSource: app.get(DataSource),
    smtp: options.smtp,
    notify: () => app.get(Dispatcher).drain(),
    seal: () => app.get(AuditSealer).sealNow(),
    logs: () => Buffer.concat(chunks).toString('utf8'),
    close: async () => {
      await app.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
