import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditSealer } from './audit-sealer.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditTrail } from './audit-trail.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  controllers: [AuditController],
  providers: [AuditRepository, AuditTrail, AuditCheckpoints, AuditSealer],
  exports: [AuditTrail, AuditSealer, AuditCheckpoints],
})
export class AuditModule {}
