import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options.js';
import type { Command } from './command.js';

/** Applies the pending migrations (the application also does so at start). */
export const migrate: Command = {
  usage: 'migrate',
  summary: 'apply pending database migrations',
  async run(_args, config) {
    const dataSource = new DataSource(dataSourceOptions(config.database));
    await dataSource.initialize();
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      for (const m of ran) process.stdout.write(`applied ${m.name}\n`);
      process.stdout.write(`${ran.length} migration${ran.length === 1 ? '' : 's'} applied\n`);
      return 0;
    } finally {
      await dataSource.destroy();
    }
  },
};
