import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, type ApiBodyOptions, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttachmentView } from '../attachments/attachment-store.js';
import { downloadHeaders } from '../attachments/filenames.js';
import type { FilePart } from '../attachments/upload-spool.js';
import type { Viewer } from '../common/viewer.js';
import { idempotencyKey } from '../database/idempotency.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { PostMessageDto, ReturnMessageDto } from './dto/message.dto.js';
import { MessagesService } from './messages.service.js';
import { MessageView } from './message.view.js';
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

/** One file in a multipart field named `file`, and nothing else. */
const ONE_FILE: ApiBodyOptions = { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } };
const UPLOADED = {
  type: AttachmentView,
  description: 'Stored sealed; its type is read from the content (413 over the size limit, 415 for a type not on the allow-list)',
};
const CLOSED = { description: 'The inquiry is closed or withdrawn' };

@Controller('api/v1')
@ApiTags('messages and attachments')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly uploads: UploadsService,
  ) {}

  @Get('inquiries/:id/messages')
  @ApiOkResponse({ type: MessageView, isArray: true, description: 'Oldest first; internal and uncleared messages only for those who may see them' })
  thread(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<MessageView[]> {
    return this.messages.thread(viewer, id);
  }

  @Post('inquiries/:id/messages')
  @ApiCreatedResponse({ type: MessageView, description: "An expert's shared reply starts pending the secretariat's clearance" })
  @ApiForbiddenResponse({ description: 'You may read this thread but not post on it (or not internally)' })
  @ApiConflictResponse(CLOSED)
  post(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: PostMessageDto, @Headers('idempotency-key') key?: string): Promise<MessageView> {
    return this.messages.post(viewer, id, dto, idempotencyKey(key));
  }

  @Post('messages/:id/clear')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOkResponse({ type: MessageView })
  @ApiConflictResponse({ description: 'The reply is not pending clearance, or was settled meanwhile' })
  clear(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<MessageView> {
    return this.messages.clear(viewer, id);
  }

  @Post('messages/:id/return')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOkResponse({ type: MessageView })
  @ApiConflictResponse({ description: 'The reply is not pending clearance, or was settled meanwhile' })
  returnToAuthor(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: ReturnMessageDto): Promise<MessageView> {
    return this.messages.returnToAuthor(viewer, id, dto);
  }

  @Post('messages/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody(ONE_FILE)
  @ApiCreatedResponse(UPLOADED)
  @ApiForbiddenResponse({ description: 'Only its author may attach files to a message' })
  @ApiConflictResponse(CLOSED)
  attachToMessage(@CurrentViewer() viewer: Viewer, @Id() id: string, @Req() req: MultipartRequest, @Headers('idempotency-key') key?: string): Promise<AttachmentView> {
    return this.uploads.toMessage(viewer, id, singleFile(req), idempotencyKey(key));
  }

  @Post('inquiries/:id/attachments')
  @Roles('requester', 'secretariat')
  @ApiConsumes('multipart/form-data')
  @ApiBody(ONE_FILE)
  @ApiCreatedResponse(UPLOADED)
  @ApiForbiddenResponse({ description: 'Only the requester or the secretariat may attach files to the query' })
  @ApiConflictResponse(CLOSED)
  attachToInquiry(@CurrentViewer() viewer: Viewer, @Id() id: string, @Req() req: MultipartRequest, @Headers('idempotency-key') key?: string): Promise<AttachmentView> {
    return this.uploads.toInquiry(viewer, id, singleFile(req), idempotencyKey(key));
  }

  @Get('attachments/:id')
  @ApiOkResponse({
    description: 'The file, in its own content type, as a download (Content-Disposition: attachment)',
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  async download(@CurrentViewer() viewer: Viewer, @Id() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { view, stream } = await this.uploads.download(viewer, id);
    void reply.headers(downloadHeaders(view));
    return new StreamableFile(stream);
  }
}
