import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditSealer } from './audit-sealer.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditTrail } from './audit-trail.js';
import { CryptoModule } from '../crypto/crypto.module.js';

/** The audit trail, imported by every module that records or reads it (not global: a module's imports say what it uses). */
@Module({
  imports: [CryptoModule, TypeOrmModule.forFeature([AuditEntry])],
  controllers: [AuditController],
  providers: [AuditRepository, AuditTrail, AuditCheckpoints, AuditSealer],
  exports: [AuditTrail, AuditSealer, AuditCheckpoints],
})
export class AuditModule {}
