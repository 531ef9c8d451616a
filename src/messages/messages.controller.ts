import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AttachmentView } from '../attachments/attachment-store.js';
import { downloadHeaders } from '../attachments/filenames.js';
import type { FilePart } from '../attachments/upload-spool.js';
import type { Viewer } from '../common/viewer.js';
import { idempotencyKey } from '../database/idempotency.js';
import { CurrentViewer, Roles } from '../identity/decorators.js';
import { PostMessageDto, ReturnMessageDto } from './dto/message.dto.js';
import { MessagesService } from './messages.service.js';
import type { MessageView } from './message.view.js';
import { UploadsService, type FileSource } from './uploads.service.js';

const Id = () => Param('id', new ParseUUIDPipe());
type MultipartRequest = FastifyRequest & { parts(): AsyncIterableIterator<FilePart> };

/** The first part of the request, then whether any other part follows once it has been read. */
function singleFile(req: MultipartRequest): FileSource {
  const parts = req.parts();
  return {
    file: async () => (await parts.next()).value as FilePart | undefined,
    nothingMore: async () => (await parts.next()).done === true,
  };
}

@Controller('api/v1')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly uploads: UploadsService,
  ) {}

  @Get('inquiries/:id/messages')
  thread(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<MessageView[]> {
    return this.messages.thread(viewer, id);
  }

  @Post('inquiries/:id/messages')
  post(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: PostMessageDto, @Headers('idempotency-key') key?: string): Promise<MessageView> {
    return this.messages.post(viewer, id, dto, idempotencyKey(key));
  }

  @Post('messages/:id/clear')
  @HttpCode(200)
  @Roles('secretariat')
  clear(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<MessageView> {
    return this.messages.clear(viewer, id);
  }

  @Post('messages/:id/return')
  @HttpCode(200)
  @Roles('secretariat')
  returnToAuthor(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: ReturnMessageDto): Promise<MessageView> {
    return this.messages.returnToAuthor(viewer, id, dto);
  }

  @Post('messages/:id/attachments')
  attachToMessage(@CurrentViewer() viewer: Viewer, @Id() id: string, @Req() req: MultipartRequest, @Headers('idempotency-key') key?: string): Promise<AttachmentView> {
    return this.uploads.toMessage(viewer, id, singleFile(req), idempotencyKey(key));
  }

  @Post('inquiries/:id/attachments')
  @Roles('requester', 'secretariat')
  attachToInquiry(@CurrentViewer() viewer: Viewer, @Id() id: string, @Req() req: MultipartRequest, @Headers('idempotency-key') key?: string): Promise<AttachmentView> {
    return this.uploads.toInquiry(viewer, id, singleFile(req), idempotencyKey(key));
  }

  @Get('attachments/:id')
  async download(@CurrentViewer() viewer: Viewer, @Id() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { view, stream } = await this.uploads.download(viewer, id);
    void reply.headers(downloadHeaders(view));
    return new StreamableFile(stream);
  }
}
