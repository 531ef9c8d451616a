import { Controller, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles, WebPage } from '../../common/decorators.js';
import { ReturnMessageDto } from '../../messages/dto/message.dto.js';
import { act, field, formBody, validated } from '../forms.js';
import { Messaging } from '../messaging.js';
import { pathId } from '../path-id.js';
import { safeNext, WebErrorFilter } from '../web-error.filter.js';
import { WebPages, type PageRequest } from '../web-page.js';
import { InquiryPage, returnForm } from './inquiry-page.js';

/** The secretariat's clearance of an expert's reply: let it reach the requester, or return it with a reason. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class ClearancePages {
  constructor(
    private readonly pages: WebPages,
    private readonly page: InquiryPage,
    private readonly messaging: Messaging,
  ) {}

  @Post('messages/:id/clear')
  @Roles('secretariat')
  async clear(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const back = field(formBody(req.body), 'back');
    await act(this.pages, reply, safeNext(back) ? back : '/inquiries', 'thread.cleared', async () => {
      const m = await this.messaging.messages.clear(req.viewer!, id);
      return `/inquiries/${m.inquiryId}#m-${m.id}`;
    });
  }

  @Post('messages/:id/return')
  @Roles('secretariat')
  async returnReply(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    const back = field(body, 'back');
    await act(
      this.pages,
      reply,
      safeNext(back) ? back : '/inquiries',
      'thread.returned',
      async () => {
        const m = await this.messaging.messages.returnToAuthor(req.viewer!, id, await validated(ReturnMessageDto, { reason: field(body, 'reason') }));
        return `/inquiries/${m.inquiryId}#m-${m.id}`;
      },
      // The query's page again (found through the message, as the viewer may see it) with the reason as typed.
      async (refused) => {
        const inquiryId = await this.messaging.messages.inquiryOf(req.viewer!, id);
        await this.page.render(req, reply, inquiryId, returnForm(id, field(body, 'reason', true), refused), refused.status);
      },
    );
  }
}
