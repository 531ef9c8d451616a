import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { InquiriesModule } from '../inquiries/inquiries.module.js';
import { Message } from './message.entity.js';
import { MessageRepository } from './message.repository.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';
import { UploadsService } from './uploads.service.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';

@Module({
  imports: [AccessModule, AuditModule, TypeOrmModule.forFeature([Message]), InquiriesModule, AttachmentsModule, EventsModule],
  controllers: [MessagesController],
  providers: [MessageRepository, MessagesService, UploadsService],
  exports: [MessagesService, UploadsService],
})
export class MessagesModule {}
