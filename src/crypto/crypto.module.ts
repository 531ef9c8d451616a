import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditKeys } from './audit-keys.js';
import { DataKeys } from './data-keys.js';
import { KeyRing } from './key-ring.js';
import { KeyRotation } from './key-rotation.js';
import { WrappedKeyRepository } from './wrapped-key.repository.js';
import { ServiceKey } from './service-key.entity.js';
import { ServiceKeys } from './service-keys.js';
import { PeriodKeys } from './period-keys.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** The key ring, imported by every module that seals, opens or signs (not global: a module's imports say what it uses). */
@Module({
  imports: [TypeOrmModule.forFeature([ServiceKey])],
  providers: [
    KeyRing,
    ServiceKeys,
    AuditKeys,
    DataKeys,
    WrappedKeyRepository,
    KeyRotation,
    { provide: PeriodKeys, useFactory: (config: AppConfig) => new PeriodKeys(config.dataDir), inject: [APP_CONFIG] },
  ],
  exports: [KeyRing, ServiceKeys, AuditKeys, DataKeys, KeyRotation, PeriodKeys],
})
export class CryptoModule {}
