import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { InquiryCipher } from '../crypto/data-keys.js';
import type { Attachment } from './attachment.entity.js';
import { AttachmentRepository } from './attachment.repository.js';
import { requireSafeFilename } from './filenames.js';
import { chunkField, spooledChunks, spoolUpload, type FilePart } from './upload-spool.js';

export class AttachmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty({ description: 'The type found in the content (not the one the uploader named)' }) contentType: string;
  @ApiProperty({ type: 'integer', description: 'Bytes' }) size: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const filenameField = (id: string) => `attachment:${id}:filename`;

/**
 * Sealed files in the database (so that every instance sees them): taken in as they stream,
 * listed with their names opened, streamed back a chunk at a time. Who may do which is decided by
 * the callers, through the access policy.
 */
@Injectable()
export class AttachmentStore {
  constructor(
    private readonly attachments: AttachmentRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reads and checks the upload before any transaction; `commit` then stores it inside one. */
  async receive(part: FilePart, inquiryId: string, cipher: InquiryCipher) {
    const filename = requireSafeFilename(part.filename);
    const id = newId();
    const spooled = await spoolUpload(part, { attachmentId: id, cipher, allowed: this.config.uploadTypes, spoolDir: join(this.config.dataDir, 'spool') });
    return {
      commit: async (em: EntityManager, messageId: string | null, uploaderId: string): Promise<Attachment> => {
        const a: Attachment = {
          id,
          inquiryId,
          messageId,
          uploaderId,
          filenameSealed: cipher.seal(filenameField(id), filename),
          contentType: spooled.contentType,
          size: spooled.size,
          chunks: spooled.chunks,
          createdAt: this.clock.iso(),
        };
        await this.attachments.insert(a, spooledChunks(spooled.path), em);
        return a;
      },
      discard: () => rm(spooled.path, { force: true }),
    };
  }

  find(id: string, em?: EntityManager): Promise<Attachment | null> {
    return this.attachments.find(id, em);
  }

  ofMessages(messageIds: string[], em?: EntityManager): Promise<Attachment[]> {
    return this.attachments.ofMessages(messageIds, em);
  }

  async viewsOfInquiry(inquiryId: string, cipher: InquiryCipher, em?: EntityManager): Promise<AttachmentView[]> {
    return (await this.attachments.ofInquiry(inquiryId, em)).map((a) => this.view(a, cipher));
  }

  view(a: Attachment, cipher: InquiryCipher): AttachmentView {
    return { id: a.id, filename: cipher.openText(filenameField(a.id), a.filenameSealed), contentType: a.contentType, size: a.size, createdAt: a.createdAt };
  }

  /** The plaintext, opened one chunk at a time as the client reads. */
  stream(a: Attachment, cipher: InquiryCipher): Readable {
    const attachments = this.attachments;
    return Readable.from(
      (async function* () {
        for (let seq = 0; seq < a.chunks; seq++) yield cipher.open(chunkField(a.id, seq), await attachments.chunk(a.id, seq));
      })(),
    );
  }
}
