import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment, AttachmentChunk } from './attachment.entity.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AttachmentStore } from './attachment-store.js';

@Module({
  imports: [TypeOrmModule.forFeature([Attachment, AttachmentChunk])],
  providers: [AttachmentRepository, AttachmentStore],
  exports: [AttachmentStore],
})
export class AttachmentsModule {}
