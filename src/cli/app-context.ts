import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import type { AppConfig } from '../config/app-config.js';

/** The whole application without HTTP, for commands that use its services; closed afterwards. */
export async function withAppContext<T>(config: AppConfig, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  // A command never seals the audit trail (audit:verify reports it as it is): the running service does.
  const quiet = { ...config, audit: { ...config.audit, sealIntervalMs: 0 } };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(quiet), { logger: false, abortOnError: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
