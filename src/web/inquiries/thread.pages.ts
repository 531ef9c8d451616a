import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { downloadHeaders } from '../../attachments/filenames.js';
import { WebPage } from '../../common/decorators.js';
import { PostMessageDto } from '../../messages/dto/message.dto.js';
import type { MessageView } from '../../messages/message.view.js';
import { act, field, refusal, validated, type FormBody } from '../forms.js';
import { Messaging } from '../messaging.js';
import { readMultipart } from '../multipart.js';
import { pathId } from '../path-id.js';
import { WebErrorFilter } from '../web-error.filter.js';
import { WebPages, type PageRequest } from '../web-page.js';
import { InquiryPage, messageForm } from './inquiry-page.js';

/** The thread of a query: posting a message (with its files) and downloading a file. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class ThreadPages {
  constructor(
    private readonly pages: WebPages,
    private readonly page: InquiryPage,
    private readonly messaging: Messaging,
  ) {}

  @Post('inquiries/:id/messages')
  @HttpCode(200)
  async post(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const back = `/inquiries/${id}`;
    let posted: MessageView | null = null;
    const send = async (fields: FormBody) => {
      const dto = await validated(PostMessageDto, { body: field(fields, 'body', true), parentId: field(fields, 'parentId'), visibility: field(fields, 'visibility') });
      posted = await this.messaging.messages.post(viewer, id, dto);
    };
    const { fields, error } = await readMultipart(req, async (part, soFar) => {
      if (!posted) await send(soFar);
      await this.messaging.uploads.toMessage(viewer, posted!.id, { file: async () => ({ ...part, fieldname: 'file' }) });
    });
    if (posted && error) {
      // The message is posted; only its file was refused. Said so (the message stays; posting it again would double it).
      const r = refusal(error);
      if (!r) throw error;
      return this.pages.redirect(reply, `${back}#m-${(posted as MessageView).id}`, { kind: 'ok', key: 'qp.postedFileRefused', detail: r.detail });
    }
    await act(
      this.pages,
      reply,
      back,
      field(fields, 'visibility') === 'internal' ? 'thread.notePosted' : 'thread.posted',
      async () => {
        if (error) throw error;
        if (!posted) await send(fields);
        return `${back}#m-${(posted as MessageView | null)?.id ?? ''}`;
      },
      // Nothing posted: the page again with the text as typed (the files are chosen again) and the refusal beside it.
      (refused) =>
        this.page.render(
          req,
          reply,
          id,
          messageForm({ body: field(fields, 'body', true), visibility: field(fields, 'visibility'), parentId: field(fields, 'parentId') }, refused),
          refused.status,
        ),
    );
  }

  @Get('attachments/:id')
  async download(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const { view, stream } = await this.messaging.uploads.download(req.viewer!, pathId(rawId));
    await reply.headers(downloadHeaders(view)).send(stream);
  }
}
