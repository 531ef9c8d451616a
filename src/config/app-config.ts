import { resolve } from 'node:path';
import type { Role } from '../common/role.js';
import { parseTrustProxy, validateEnv, type TrustProxy } from './env.js';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

/** The validated, typed configuration every module reads (never process.env). */
export interface AppConfig {
  port: number;
  host: string;
  publicUrl: string;
  database: DatabaseConfig;
  dataDir: string;
  masterKey?: Buffer;
  /** Older master keys still accepted for unwrapping while `keys:rotate` re-wraps under MASTER_KEY. */
  previousMasterKeys: Buffer[];
  smtpUrl?: string;
  mailFrom: string;
  mfaRequiredRoles: Role[];
  bootstrapAdmin?: { email: string; password: string };
  logLevel: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  rateLimitPerMinute: number;
  loginAttemptsPerAccount: number;
  loginAttemptsPerAddress: number;
  invitationTtlMs: number;
  trustProxy: TrustProxy;
  uploadMaxBytes: number;
  uploadTypes: string[];
  notify: { intervalMs: number; maxAttempts: number; retryBaseMs: number; leaseMs: number; digestHourUtc: number; alertMs: number };
  /** Time limits on receiving a request, and the cap on uploads in flight (see app.factory's request limits). */
  limits: { bodyIdleMs: number; bodyMs: number; uploadMs: number; uploadConcurrency: number };
  /** Below this much free space in DATA_DIR, /health answers 503 (disk). */
  diskMinFreeBytes: number;
  sla: { ackWorkingDays: number; answerDays: number };
  audit: { sealIntervalMs: number; checkpointIntervalMs: number; checkpointFile: string };
  /** Reports show no count below it (at least 2). */
  reportThreshold: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function loadConfig(raw: Record<string, string | undefined>): AppConfig {
  const env = validateEnv(raw);
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const url = env.DATABASE_URL ?? 'sqlite:' + resolve(dataDir, 'cti-advice.sqlite');
  const database: DatabaseConfig = url.startsWith('sqlite:') ? { type: 'sqlite', path: resolve(url.slice('sqlite:'.length)) } : { type: 'postgres', url };
  return {
    port: env.PORT ?? 3000,
    host: env.HOST ?? '127.0.0.1',
    // Unset, the links in mails follow the port the service listens on.
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, ''),
    database,
    dataDir,
    masterKey: env.MASTER_KEY ? Buffer.from(env.MASTER_KEY, 'base64') : undefined,
    previousMasterKeys: (env.MASTER_KEY_PREVIOUS ?? '')
      .split(',')
      .filter(Boolean)
      .map((k) => Buffer.from(k, 'base64')),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? 'CTI Advice <no-reply@localhost>',
    mfaRequiredRoles: (env.MFA_REQUIRED_ROLES ?? 'secretariat,expert,observer')
      .split(',')
      .map((r) => r.trim())
      .filter((r): r is Role => r.length > 0),
    bootstrapAdmin: env.BOOTSTRAP_ADMIN_EMAIL && env.BOOTSTRAP_ADMIN_PASSWORD ? { email: env.BOOTSTRAP_ADMIN_EMAIL, password: env.BOOTSTRAP_ADMIN_PASSWORD } : undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionIdleMs: (env.SESSION_IDLE_MINUTES ?? 30) * 60_000,
    sessionAbsoluteMs: (env.SESSION_ABSOLUTE_HOURS ?? 12) * 3_600_000,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE ?? 600,
    loginAttemptsPerAccount: env.LOGIN_ATTEMPTS_PER_ACCOUNT ?? 10,
    loginAttemptsPerAddress: env.LOGIN_ATTEMPTS_PER_ADDRESS ?? 100,
    invitationTtlMs: (env.INVITATION_TTL_HOURS ?? 72) * 3_600_000,
    trustProxy: parseTrustProxy(env.TRUST_PROXY) ?? false,
    uploadMaxBytes: env.UPLOAD_MAX_BYTES ?? 20 * 1024 * 1024,
    uploadTypes: (env.UPLOAD_TYPES ?? 'pdf,docx,xlsx,odt,png,jpg,txt').split(',').map((t) => t.trim()),
    notify: {
      intervalMs: env.NOTIFY_INTERVAL_MS ?? 2000,
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS ?? 8,
      retryBaseMs: env.NOTIFY_RETRY_BASE_MS ?? 30_000,
      leaseMs: env.NOTIFY_LEASE_MS ?? 60_000,
      digestHourUtc: env.DIGEST_HOUR_UTC ?? 7,
      alertMs: (env.NOTIFY_ALERT_MINUTES ?? 10) * 60_000,
    },
    limits: {
      bodyIdleMs: (env.REQUEST_BODY_IDLE_SECONDS ?? 30) * 1000,
      bodyMs: (env.REQUEST_BODY_SECONDS ?? 60) * 1000,
      uploadMs: (env.UPLOAD_SECONDS ?? 600) * 1000,
      uploadConcurrency: env.UPLOAD_CONCURRENCY ?? 10,
    },
    diskMinFreeBytes: (env.DISK_MIN_FREE_MB ?? 100) * 1024 * 1024,
    sla: { ackWorkingDays: env.SLA_ACK_WORKING_DAYS ?? 2, answerDays: env.SLA_ANSWER_DAYS ?? 30 },
    audit: {
      sealIntervalMs: env.AUDIT_SEAL_INTERVAL_MS ?? 1000,
      checkpointIntervalMs: env.AUDIT_CHECKPOINT_INTERVAL_MS ?? 300_000,
      checkpointFile: resolve(env.AUDIT_CHECKPOINT_FILE ?? resolve(dataDir, 'audit-checkpoints.jsonl')),
    },
    reportThreshold: env.REPORT_THRESHOLD ?? 3,
  };
}
