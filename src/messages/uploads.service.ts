import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce, type Decision } from '../access/decision.js';
import { AttachmentStore, type AttachmentView } from '../attachments/attachment-store.js';
import { asClientError, type FilePart } from '../attachments/upload-spool.js';
import { AuditTrail } from '../audit/audit-trail.js';
import type { Viewer } from '../common/viewer.js';
import { Idempotency } from '../database/idempotency.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import type { VisibleInquiry } from '../inquiries/inquiry.repository.js';
import { MessagesService } from './messages.service.js';
import { refuse } from '../common/errors/refusal.js';

const NOT_FOUND = 'attachment not found';
const SCOPE = 'attachment.upload';

/**
 * Where the upload comes from: its file part, and (for a raw multipart request) a check, made once
 * the file has been read, that nothing follows it.
 */
export interface FileSource {
  file(): Promise<FilePart | undefined>;
  nothingMore?(): Promise<boolean>;
}

/** Files on messages and on the query itself: same visibility as what they belong to. */
@Injectable()
export class UploadsService {
  constructor(
    private readonly store: AttachmentStore,
    private readonly messages: MessagesService,
    private readonly inquiries: InquiriesService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * The author of a message attaches a file to it, as the policy allows: an expert's shared reply
   * only while it waits for clearance (the file is reviewed with it). Asked again when the file is
   * stored, in that transaction, so that a reply cleared during the upload takes no file.
   */
  async toMessage(viewer: Viewer, messageId: string, source: FileSource, key?: string): Promise<AttachmentView> {
    const permitted = async (em: EntityManager): Promise<Decision> => {
      const { message, found } = await this.messages.requireMessage(viewer, messageId, em);
      return this.policy.onMessage(viewer, found.facts, message).attach();
    };
    const found = await this.tx.run(async (em) => {
      const r = await this.messages.requireMessage(viewer, messageId, em);
      enforce(this.policy.onMessage(viewer, r.found.facts, r.message).attach());
      return r.found;
    });
    return this.upload(viewer, found, messageId, source, key, permitted);
  }

  /** The requester (at intake) or the secretariat attaches a file to the query itself. */
  async toInquiry(viewer: Viewer, inquiryId: string, source: FileSource, key?: string): Promise<AttachmentView> {
    const permitted = async (em?: EntityManager): Promise<Decision> =>
      this.policy.onInquiry(viewer, (await this.inquiries.requireVisible(viewer, inquiryId, em)).facts).attachFiles();
    const found = await this.inquiries.requireVisible(viewer, inquiryId);
    enforce(await permitted());
    return this.upload(viewer, found, null, source, key, permitted);
  }

  /** The file's bytes, streamed, once the viewer is known to see what it belongs to; the download is on record. */
  download(viewer: Viewer, id: string): Promise<{ view: AttachmentView; stream: Readable }> {
    return this.tx.run(async (em) => {
      const a = await this.store.find(id, em);
      if (!a) throw refuse('attachment.not-found', NOT_FOUND);
      let found: VisibleInquiry | null;
      if (a.messageId === null) {
        found = await this.inquiries.findVisible(viewer, a.inquiryId, em);
        if (found?.level !== 'full') throw refuse('attachment.not-found', NOT_FOUND);
      } else {
        found = await this.messages.requireMessage(viewer, a.messageId, em).then(
          (r) => r.found,
          () => null,
        );
        if (!found) throw refuse('attachment.not-found', NOT_FOUND);
      }
      await this.audit.record(em, { actorId: viewer.userId, action: 'attachment.downloaded', inquiryId: a.inquiryId, details: { attachmentId: a.id } });
      const cipher = this.inquiries.cipherOf(found.inquiry);
      return { view: this.store.view(a, cipher), stream: this.store.stream(a, cipher) };
    });
  }

  private async upload(
    viewer: Viewer,
    found: VisibleInquiry,
    messageId: string | null,
    source: FileSource,
    key: string | undefined,
    permitted: (em: EntityManager) => Promise<Decision>,
  ): Promise<AttachmentView> {
    const earlier = await this.idempotency.earlier(viewer, SCOPE, key);
    if (earlier) return this.viewOf(viewer, earlier);
    const part = await source.file().catch((err: unknown) => {
      throw asClientError(err);
    });
    if (!part) throw refuse('attachment.field-missing', 'send the file in a multipart field named file');
    if (part.fieldname !== 'file') throw refuse('attachment.field-missing', 'the file must be in a multipart field named file');
    const cipher = this.inquiries.cipherOf(found.inquiry);
    const received = await this.store.receive(part, found.inquiry.id, cipher);
    try {
      // One file and nothing after it: a second part is refused, not silently left unread.
      const alone = source.nothingMore ? await source.nothingMore().catch((err: unknown) => Promise.reject(asClientError(err))) : true;
      if (!alone) throw refuse('attachment.one-file-only', 'send one file, in one multipart field named file, and nothing else');
      return await this.idempotency.once(
        viewer,
        SCOPE,
        key,
        async (em) => {
          enforce(await permitted(em));
          const a = await received.commit(em, messageId, viewer.userId);
          await this.audit.record(em, { actorId: viewer.userId, action: 'attachment.uploaded', inquiryId: found.inquiry.id, details: { attachmentId: a.id, messageId } });
          return { id: a.id, result: this.store.view(a, cipher) };
        },
        (id) => this.viewOf(viewer, id),
      );
    } finally {
      await received.discard();
    }
  }

  private async viewOf(viewer: Viewer, id: string): Promise<AttachmentView> {
    const { view, stream } = await this.download(viewer, id);
    stream.destroy();
    return view;
  }
}
