import { RetentionService } from '../retention/retention.service.js';
import { withAppContext } from './app-context.js';
import { CliError, type Command } from './command.js';
import { Progress } from './progress.js';

/** Purges what retention says is due now (what the hourly job does), or lists it with --dry-run. */
export const retentionPurge: Command = {
  usage: 'retention:purge [--dry-run]',
  summary: 'purge the content of inquiries whose retention period has ended (--dry-run: list them, references and dates only)',
  async run(args, config) {
    const dryRun = args.includes('--dry-run');
    const unknown = args.find((a) => a !== '--dry-run');
    if (unknown) throw new CliError(`unexpected argument: ${unknown}`);
    return withAppContext(config, async (app) => {
      const retention = app.get(RetentionService);
      if (dryRun) {
        const { items, more } = await retention.due(undefined, 500);
        for (const i of items) process.stdout.write(`${i.reference}\tended ${i.endedAt}\tpurge on ${i.purgeOn}${i.held ? '\theld' : ''}\n`);
        process.stdout.write(`${items.filter((i) => !i.held).length} would be purged${more ? ' (and more past the first 500)' : ''}\n`);
        return 0;
      }
      const progress = new Progress('purged');
      const { purged, keysDestroyed } = await retention.purge((n) => progress.update(n));
      if (purged > 0) progress.finish(purged);
      process.stdout.write(`${purged} purged; key-encryption keys destroyed: ${keysDestroyed.length ? keysDestroyed.join(', ') : 'none'}\n`);
      return 0;
    });
  },
};
