import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, registerDecorator, validateSync } from 'class-validator';

const ROLES = ['requester', 'expert', 'secretariat'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/** The environment as DESIGN.md lists it; every variable optional with a safe default. */
export class Env {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  HOST?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http(s) URL such as https://advice.example.org' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'must be sqlite:PATH or postgres://user@host:port/db' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be base64 of exactly 32 bytes' })
  MASTER_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, { message: 'must be comma-separated base64 keys of exactly 32 bytes' })
  MASTER_KEY_PREVIOUS?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be smtp://user:pass@host:port or smtps://...' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\r\n]+$/, { message: 'must be one line, e.g. CTI Advice <no-reply@example.org>' })
  MAIL_FROM?: string;

  @IsOptional()
  @Matches(/^\s*((requester|expert|secretariat|observer)\s*(,\s*(requester|expert|secretariat|observer)\s*)*)?$/, {
    message: `must be a comma-separated list of ${ROLES.join(', ')} (or empty)`,
  })
  MFA_REQUIRED_ROLES?: string;

  @IsOptional()
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_ATTEMPTS_PER_ACCOUNT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_ATTEMPTS_PER_ADDRESS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  INVITATION_TTL_HOURS?: number;

  @IsOptional()
  @IsTrustProxy()
  TRUST_PROXY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1024 * 1024 * 1024)
  UPLOAD_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  NOTIFY_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFY_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  NOTIFY_RETRY_BASE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  NOTIFY_LEASE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  DIGEST_HOUR_UTC?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  NOTIFY_ALERT_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  REQUEST_BODY_IDLE_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  REQUEST_BODY_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  UPLOAD_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  UPLOAD_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  DISK_MIN_FREE_MB?: number;
  /** How often the audit sealer links new entries; 0 turns it off (tests seal by hand). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  AUDIT_SEAL_INTERVAL_MS?: number;

  /** How often, at most, the sealer appends a signed checkpoint; 0 after every sealing. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  AUDIT_CHECKPOINT_INTERVAL_MS?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  AUDIT_CHECKPOINT_FILE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  SLA_ACK_WORKING_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  SLA_ANSWER_DAYS?: number;

  /** Counts below it are never shown in a report; 2 is the least (a count of one would be shown otherwise). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  REPORT_THRESHOLD?: number;

  @IsOptional()
  @Matches(/^\s*(pdf|docx|xlsx|odt|png|jpg|txt)(\s*,\s*(pdf|docx|xlsx|odt|png|jpg|txt))*\s*$/, {
    message: 'must be a comma-separated list of pdf, docx, xlsx, odt, png, jpg, txt',
  })
  UPLOAD_TYPES?: string;
}

export class ConfigError extends Error {}

/**
 * Which proxies to believe about the client's address (X-Forwarded-For): `false` (none), a number
 * of hops, or the proxies' addresses (IPs or CIDR ranges, comma-separated). `true` means one hop:
 * the address the one proxy in front appended, never one the client wrote itself.
 */
export type TrustProxy = false | number | string[];

export function parseTrustProxy(value: string | undefined): TrustProxy | null {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return 1;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  return entries.length > 0 && entries.every(isAddressOrRange) ? entries : null;
}

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || isIP(address) === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128));
}

function IsTrustProxy() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName,
      options: { message: 'must be false, true (one proxy), a number of proxies, or the addresses of the proxies (IPs or CIDR ranges, comma-separated)' },
      validator: { validate: (v: unknown) => typeof v === 'string' && parseTrustProxy(v) !== null },
    });
}

/** Validates the raw environment; throws a ConfigError whose message is one line naming the variable. */
export function validateEnv(raw: Record<string, string | undefined>): Env {
  const known = Object.fromEntries(Object.keys(new EnvKeys()).map((k) => [k, raw[k] === '' && k !== 'MFA_REQUIRED_ROLES' ? undefined : raw[k]]));
  const env = plainToInstance(Env, known);
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const first = errors[0];
    // The first decorator written (the most basic rule, such as "must be an integer") is the last reported.
    const why = Object.values(first.constraints ?? {}).at(-1) ?? 'is invalid';
    throw new ConfigError(`Invalid configuration: ${first.property} ${why.replace(new RegExp(`^${first.property} `), '')}`);
  }
  if ((env.BOOTSTRAP_ADMIN_EMAIL === undefined) !== (env.BOOTSTRAP_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together');
  }
  return env;
}

/** The list of variable names, kept next to the class so the two cannot drift apart. */
class EnvKeys implements Record<keyof Env, true> {
  PORT = true as const;
  HOST = true as const;
  PUBLIC_URL = true as const;
  DATABASE_URL = true as const;
  DATA_DIR = true as const;
  MASTER_KEY = true as const;
  MASTER_KEY_PREVIOUS = true as const;
  SMTP_URL = true as const;
  MAIL_FROM = true as const;
  MFA_REQUIRED_ROLES = true as const;
  BOOTSTRAP_ADMIN_EMAIL = true as const;
  BOOTSTRAP_ADMIN_PASSWORD = true as const;
  LOG_LEVEL = true as const;
  SESSION_IDLE_MINUTES = true as const;
  SESSION_ABSOLUTE_HOURS = true as const;
  RATE_LIMIT_PER_MINUTE = true as const;
  LOGIN_ATTEMPTS_PER_ACCOUNT = true as const;
  LOGIN_ATTEMPTS_PER_ADDRESS = true as const;
  INVITATION_TTL_HOURS = true as const;
  TRUST_PROXY = true as const;
  UPLOAD_MAX_BYTES = true as const;
  NOTIFY_INTERVAL_MS = true as const;
  NOTIFY_MAX_ATTEMPTS = true as const;
  NOTIFY_RETRY_BASE_MS = true as const;
  NOTIFY_LEASE_MS = true as const;
  DIGEST_HOUR_UTC = true as const;
  NOTIFY_ALERT_MINUTES = true as const;
  REQUEST_BODY_IDLE_SECONDS = true as const;
  REQUEST_BODY_SECONDS = true as const;
  UPLOAD_SECONDS = true as const;
  UPLOAD_CONCURRENCY = true as const;
  DISK_MIN_FREE_MB = true as const;
  AUDIT_SEAL_INTERVAL_MS = true as const;
  AUDIT_CHECKPOINT_INTERVAL_MS = true as const;
  AUDIT_CHECKPOINT_FILE = true as const;
  SLA_ACK_WORKING_DAYS = true as const;
  SLA_ANSWER_DAYS = true as const;
  REPORT_THRESHOLD = true as const;
  UPLOAD_TYPES = true as const;
}
