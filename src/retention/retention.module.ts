import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InquiriesModule } from '../inquiries/inquiries.module.js';
import { RetentionJob } from './retention-job.js';
import { RetentionController } from './retention.controller.js';
import { LegalHold, RetentionPolicyRow } from './retention.entities.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionService } from './retention.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { CryptoModule } from '../crypto/crypto.module.js';

@Module({
  imports: [AuditModule, CryptoModule, TypeOrmModule.forFeature([RetentionPolicyRow, LegalHold]), InquiriesModule],
  controllers: [RetentionController],
  providers: [RetentionRepository, RetentionService, RetentionJob],
  exports: [RetentionService],
})
export class RetentionModule {}
