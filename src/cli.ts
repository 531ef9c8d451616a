import 'reflect-metadata';
import { createAdmin } from './cli/create-admin.command.js';
import { CliError, type Command } from './cli/command.js';
import { migrate } from './cli/migrate.command.js';
import { auditVerify } from './cli/audit-verify.command.js';
import { keysRotate } from './cli/keys-rotate.command.js';
import { demo } from './cli/demo.command.js';
import { retentionPurge } from './cli/retention-purge.command.js';
import { backup, backupKeygen, restore } from './cli/backup.command.js';
import { loadConfig } from './config/app-config.js';
import { ConfigError } from './config/env.js';

/** Every command of `npm run cli -- <command>`; add new ones here. */
const COMMANDS: Record<string, Command> = {
  migrate,
  'create-admin': createAdmin,
  'audit:verify': auditVerify,
  'keys:rotate': keysRotate,
  demo,
  'retention:purge': retentionPurge,
  backup,
  restore,
  'backup:keygen': backupKeygen,
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return `usage: npm run cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write((name === undefined ? '' : `unknown command: ${name}\n\n`) + usage());
    return 2;
  }
  try {
    return await command.run(args, loadConfig(process.env));
  } catch (err) {
    // Configuration and operator errors are one line, no stack; anything else is a defect.
    if (err instanceof ConfigError || err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    process.stderr.write(`${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

// Exit explicitly: a database pool or stdin must not keep a finished command alive.
process.exit(await main(process.argv.slice(2)));
