import type { TestApp } from './app.js';
import { builtScript, runNode, type ProcessResult } from './spawn.js';

export type CliResult = ProcessResult;

/** Runs the built CLI (dist/src/cli.js) against a test application's data directory and database. */
export function runCli(t: TestApp, args: string[], input?: string): Promise<CliResult> {
  return runNode(builtScript('cli'), args, { env: { DATA_DIR: t.dataDir, DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' }, input, timeoutMs: 60_000 });
}
