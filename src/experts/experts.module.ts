import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { InquiriesModule } from '../inquiries/inquiries.module.js';
import { TopicsModule } from '../topics/topics.module.js';
import { Assignment } from './assignment.entity.js';
import { AssignmentRepository } from './assignment.repository.js';
import { AssignmentsService } from './assignments.service.js';
import { ExpertProfile } from './expert-profile.entity.js';
import { ExpertRepository } from './expert.repository.js';
import { ExpertsController } from './experts.controller.js';
import { ExpertsService } from './experts.service.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CryptoModule } from '../crypto/crypto.module.js';

@Module({
  imports: [AccessModule, AuditModule, CryptoModule, TypeOrmModule.forFeature([ExpertProfile, Assignment]), IdentityModule, InquiriesModule, TopicsModule, EventsModule],
  controllers: [ExpertsController],
  providers: [ExpertRepository, AssignmentRepository, ExpertsService, AssignmentsService],
  exports: [ExpertsService, AssignmentsService],
})
export class ExpertsModule {}
