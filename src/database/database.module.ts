import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { Idempotency } from './idempotency.js';
import { RawSql } from './raw-sql.js';
import { SqliteMaintenance } from './sqlite-maintenance.js';
import { TransactionRunner } from './transaction-runner.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database),
        autoLoadEntities: true,
        migrationsRun: true,
        retryAttempts: 0,
      }),
    }),
    TypeOrmModule.forFeature([IdempotencyKey]),
  ],
  providers: [TransactionRunner, Idempotency, SqliteMaintenance, RawSql],
  exports: [TransactionRunner, Idempotency, RawSql],
})
export class DatabaseModule {}
