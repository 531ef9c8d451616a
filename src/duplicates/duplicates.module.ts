import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { InquiriesModule } from '../inquiries/inquiries.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { InquiryJoin, SharedReply } from './duplicate.entities.js';
import { DuplicateRepository } from './duplicate.repository.js';
import { DuplicatesController } from './duplicates.controller.js';
import { DuplicatesService } from './duplicates.service.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';

@Module({
  imports: [AccessModule, AuditModule, TypeOrmModule.forFeature([SharedReply, InquiryJoin]), InquiriesModule, MessagesModule, EventsModule],
  controllers: [DuplicatesController],
  providers: [DuplicateRepository, DuplicatesService],
  exports: [DuplicatesService],
})
export class DuplicatesModule {}
