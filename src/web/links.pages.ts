import { Controller, Get, NotFoundException, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccessPolicy } from '../access/access-policy.js';
import type { Viewer } from '../common/viewer.js';
import { JoinAnswerDto, ShareReplyDto } from '../duplicates/duplicates.dto.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { Roles, WebPage } from '../common/decorators.js';
import { ListInquiriesQuery } from '../inquiries/dto/list-inquiries.query.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { CreateLinkDto } from '../inquiries/links/inquiry-links.dto.js';
import { InquiryLinksService, LINK_NOT_FOUND } from '../inquiries/links/inquiry-links.service.js';
import { act, field, formBody, validated } from './forms.js';
import { InquiryPage, linkForm } from './inquiries/inquiry-page.js';
import { pathId } from './path-id.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = (raw: string): string => pathId(raw);

/**
 * Related queries on an inquiry's page (issue 21): the links (the secretariat and accepted experts),
 * making and removing them, the primary's replies shared with a duplicate, and the question put to
 * both requesters whether to join their threads, with its own page where a requester answers it
 * and, once both agreed, reads the other thread. The inquiry page shows them through one partial.
 */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class LinksPages {
  constructor(
    private readonly pages: WebPages,
    private readonly page: InquiryPage,
    private readonly links: InquiryLinksService,
    private readonly duplicates: DuplicatesService,
    private readonly inquiries: InquiriesService,
    private readonly policy: AccessPolicy,
  ) {
    pages.addInquirySection((viewer, inquiryId) => this.section(viewer, inquiryId));
  }

  private async section(viewer: Viewer, inquiryId: string): Promise<Record<string, unknown>> {
    // The policy says which parts the viewer sees; a part it may not see is not asked for (no refusal to catch).
    const can = this.policy.relatedSectionCan(viewer, (await this.inquiries.requireVisible(viewer, inquiryId)).facts);
    const [links, suggestions, shared, shareable, joins] = await Promise.all([
      can.readLinks ? this.links.list(viewer, inquiryId) : null,
      can.suggest ? this.links.suggestions(viewer, inquiryId) : null,
      can.readSharedReplies ? this.duplicates.sharedReplies(viewer, inquiryId) : [],
      this.duplicates.shareable(viewer, inquiryId),
      can.seeJoins ? this.duplicates.joins(viewer, inquiryId) : [],
    ]);
    const joinOf = new Map(joins.map((j) => [j.linkId, j]));
    return {
      related: links && {
        items: links.map((l) => ({
          ...l,
          otherId: l.inquiryId === inquiryId ? l.linkedInquiryId : l.inquiryId,
          isDuplicateHere: l.kind === 'duplicate' && l.inquiryId === inquiryId,
          isPrimaryHere: l.kind === 'duplicate' && l.linkedInquiryId === inquiryId,
          join: joinOf.get(l.id) ?? null,
        })),
        suggestions,
        // Whether the viewer makes and removes links (the suggestions are the secretariat's alone).
        manage: suggestions !== null,
      },
      sharedReplies: shared,
      shareable,
      joins,
    };
  }

  /** The secretariat links this inquiry to another, named by its reference (or id), as related or duplicate. */
  @Post('inquiries/:id/links')
  @Roles('secretariat')
  async link(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const inquiryId = id(rawId);
    const body = formBody(req.body);
    await act(
      this.pages,
      reply,
      `/inquiries/${inquiryId}#links-h`,
      'links.linked',
      async () => {
        const other = await this.resolve(req.viewer!, field(body, 'other') ?? '');
        const dto = await validated(CreateLinkDto, { inquiryId: other, kind: field(body, 'kind'), reason: field(body, 'reason') });
        await this.links.link(req.viewer!, inquiryId, dto);
      },
      // The inquiry's page again with the link form as filled in (the other query's reference as typed).
      (refused) =>
        this.page.render(
          req,
          reply,
          inquiryId,
          linkForm({ other: field(body, 'other', true), kind: field(body, 'kind'), reason: field(body, 'reason', true) }, refused),
          refused.status,
        ),
    );
  }

  @Post('inquiries/:id/links/:linkId/remove')
  @Roles('secretariat')
  async unlink(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string, @Param('linkId') rawLink: string): Promise<void> {
    const inquiryId = id(rawId);
    await act(this.pages, reply, `/inquiries/${inquiryId}#links-h`, 'links.removed', () => this.links.unlink(req.viewer!, inquiryId, id(rawLink)));
  }

  @Post('inquiries/:id/links/:linkId/join')
  @Roles('secretariat')
  async ask(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string, @Param('linkId') rawLink: string): Promise<void> {
    const inquiryId = id(rawId);
    await act(this.pages, reply, `/inquiries/${inquiryId}#links-h`, 'links.join.asked', async () => {
      await this.duplicates.askToJoin(req.viewer!, inquiryId, id(rawLink));
    });
  }

  @Post('inquiries/:id/shared-replies')
  @Roles('secretariat')
  async share(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const inquiryId = id(rawId);
    const messageId = field(formBody(req.body), 'messageId');
    await act(this.pages, reply, `/inquiries/${inquiryId}#links-h`, 'links.shared', async () => {
      await this.duplicates.shareReply(req.viewer!, inquiryId, await validated(ShareReplyDto, { messageId }));
    });
  }

  /** The consent step: what joining means, this side's answer, and the other thread once both agreed. */
  @Get('inquiries/:id/joins/:linkId')
  @Roles('requester', 'secretariat')
  async joinPage(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string, @Param('linkId') rawLink: string): Promise<void> {
    const viewer = req.viewer!;
    const inquiryId = id(rawId);
    const linkId = id(rawLink);
    const join = (await this.duplicates.joins(viewer, inquiryId)).find((j) => j.linkId === linkId);
    if (!join) throw new NotFoundException(LINK_NOT_FOUND);
    const other = join.viewerCan.readOtherThread ? await this.duplicates.otherThread(viewer, inquiryId, linkId) : null;
    await this.pages.render(req, reply, 'inquiry-join', { title: 'links.join.title', inquiryId, join, other });
  }

  @Post('inquiries/:id/joins/:linkId')
  @Roles('requester')
  async answer(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string, @Param('linkId') rawLink: string): Promise<void> {
    const inquiryId = id(rawId);
    const linkId = id(rawLink);
    const value = field(formBody(req.body), 'consent');
    await act(this.pages, reply, `/inquiries/${inquiryId}/joins/${linkId}`, 'links.join.saved', async () => {
      const dto = await validated(JoinAnswerDto, { consent: value === 'true' ? true : value === 'false' ? false : value });
      await this.duplicates.answerJoin(req.viewer!, inquiryId, linkId, dto);
    });
  }

  /** The other inquiry of a link form: an id as it is, a reference looked up among what the viewer sees (else left for the validation to refuse). */
  private async resolve(viewer: Viewer, other: string): Promise<string> {
    const text = other.trim();
    if (UUID.test(text) || !/^CTI-\d{4}-\d{4,}$/i.test(text)) return text;
    const page = await this.inquiries.list(viewer, await validated(ListInquiriesQuery, { q: text, limit: 1 }));
    return page.items[0]?.id ?? text;
  }
}
