import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { TopicsModule } from '../topics/topics.module.js';
import { InquiriesController } from './inquiries.controller.js';
import { InquiriesService } from './inquiries.service.js';
import { InquiryParticipant, InquirySearchToken, InquiryTopic } from './inquiry-links.entity.js';
import { InquiryWorkflowService } from './inquiry-workflow.service.js';
import { Inquiry } from './inquiry.entity.js';
import { InquiryRepository } from './inquiry.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([Inquiry, InquiryTopic, InquiryParticipant, InquirySearchToken]), IdentityModule, TopicsModule, AttachmentsModule, EventsModule],
  controllers: [InquiriesController],
  providers: [InquiryRepository, InquiriesService, InquiryWorkflowService],
  exports: [InquiriesService, InquiryWorkflowService],
})
export class InquiriesModule {}
