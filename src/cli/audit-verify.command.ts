import { AuditTrail } from '../audit/audit-trail.js';
import { withAppContext } from './app-context.js';
import type { Command } from './command.js';

/** Recomputes the audit chain; exit code 1 when an entry was changed or removed. */
export const auditVerify: Command = {
  usage: 'audit:verify',
  summary: 'recompute the audit chain and report the first tampered or missing entry',
  async run(_args, config) {
    const result = await withAppContext(config, (app) => app.get(AuditTrail).verify());
    process.stdout.write(JSON.stringify(result) + '\n');
    return result.ok ? 0 : 1;
  },
};
