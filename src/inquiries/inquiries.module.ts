import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { TopicsModule } from '../topics/topics.module.js';
import { InquiriesController } from './inquiries.controller.js';
import { InquiriesService } from './inquiries.service.js';
import { BackfillState, InquiryParticipant, InquiryPrefixToken, InquirySearchToken, InquiryTopic } from './inquiry-links.entity.js';
import { InquiryWorkflowService } from './inquiry-workflow.service.js';
import { Inquiry } from './inquiry.entity.js';
import { InquiryRepository } from './inquiry.repository.js';
import { SubjectPrefixBackfill } from './subject-prefix-backfill.js';
import { InquiryLink } from './links/inquiry-link.entity.js';
import { InquiryLinkRepository } from './links/inquiry-link.repository.js';
import { InquiryLinksController } from './links/inquiry-links.controller.js';
import { InquiryLinksService } from './links/inquiry-links.service.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CryptoModule } from '../crypto/crypto.module.js';

@Module({
  imports: [
    AccessModule,
    AuditModule,
    CryptoModule,
    TypeOrmModule.forFeature([Inquiry, InquiryTopic, InquiryParticipant, InquirySearchToken, InquiryPrefixToken, BackfillState, InquiryLink]),
    IdentityModule,
    TopicsModule,
    AttachmentsModule,
    EventsModule,
  ],
  controllers: [InquiriesController, InquiryLinksController],
  providers: [InquiryRepository, InquiriesService, InquiryWorkflowService, InquiryLinkRepository, InquiryLinksService, SubjectPrefixBackfill],
  exports: [InquiriesService, InquiryWorkflowService, InquiryLinksService],
})
export class InquiriesModule {}
