import { Inject, Injectable } from '@nestjs/common';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditKeys } from '../crypto/audit-keys.js';

/** The head of the chain at a moment, signed: how many entries there were and the last link. */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  signature: string;
}

export interface ReadCheckpoints {
  valid: Checkpoint[];
  /** Lines that do not parse or whose signature fails, by line number (from 1). */
  invalid: number[];
}

const signed = (c: Omit<Checkpoint, 'signature'>) => `audit-checkpoint:${c.seq}:${c.hash}:${c.at}`;

/**
 * The checkpoint log, outside the database (AUDIT_CHECKPOINT_FILE, by default in DATA_DIR): one JSON
 * line per checkpoint, appended and synced. Whoever rewrites or cuts the chain in the database
 * cannot make it agree with these without the signing key. Keep this file out of database backups.
 */
@Injectable()
export class AuditCheckpoints {
  constructor(
    private readonly keys: AuditKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  append(head: Omit<Checkpoint, 'signature'>): Checkpoint {
    const checkpoint = { ...head, signature: this.keys.sign(signed(head)) };
    const file = this.config.audit.checkpointFile;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const fd = openSync(file, 'a', 0o600);
    try {
      writeSync(fd, JSON.stringify(checkpoint) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return checkpoint;
  }

  /** The newest checkpoint, as a short fingerprint to copy elsewhere (the secretariat's daily digest). */
  latestFingerprint(): string | null {
    const latest = this.read().valid.at(-1);
    return latest ? `#${latest.seq} ${latest.hash.slice(0, 16)}` : null;
  }

  read(): ReadCheckpoints {
    const file = this.config.audit.checkpointFile;
    const out: ReadCheckpoints = { valid: [], invalid: [] };
    if (!existsSync(file)) return out;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const c = parse(line);
        if (c && this.keys.verifySignature(signed(c), c.signature)) out.valid.push(c);
        else out.invalid.push(i + 1);
      });
    return out;
  }
}

function parse(line: string): Checkpoint | null {
  try {
    const c = JSON.parse(line) as Partial<Checkpoint>;
    if (!Number.isSafeInteger(c.seq) || typeof c.hash !== 'string' || typeof c.at !== 'string' || typeof c.signature !== 'string') return null;
    return c as Checkpoint;
  } catch {
    return null;
  }
}
