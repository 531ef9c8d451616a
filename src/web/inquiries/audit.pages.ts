import { BadRequestException, Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuditTrail } from '../../audit/audit-trail.js';
import { AUDIT_CURSOR } from '../../audit/audit.controller.js';
import { Roles, WebPage } from '../../common/decorators.js';
import { UsersService } from '../../identity/users.service.js';
import { InquiriesService } from '../../inquiries/inquiries.service.js';
import { pathId } from '../path-id.js';
import { WebErrorFilter } from '../web-error.filter.js';
import { WebPages, type PageRequest } from '../web-page.js';
import { auditPeopleIds, auditView } from './audit.presenter.js';

/** The audit trail of one query, for the secretariat. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class AuditPages {
  constructor(
    private readonly pages: WebPages,
    private readonly inquiries: InquiriesService,
    private readonly trail: AuditTrail,
    private readonly users: UsersService,
  ) {}

  @Get('inquiries/:id/audit')
  @Roles('secretariat')
  async audit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const { inquiry } = await this.inquiries.requireVisible(viewer, id);
    const cursor = (req.query as Record<string, string | undefined>).cursor;
    if (cursor !== undefined && !AUDIT_CURSOR.test(cursor)) throw new BadRequestException('cursor must be the opaque value of a previous page');
    const page = await this.trail.list({ inquiryId: id }, 50, cursor);
    const names = await this.users.names(viewer, auditPeopleIds(page.items));
    await this.pages.render(req, reply, 'audit', auditView(this.pages.i18n, this.pages.language(req, reply), { id, reference: inquiry.reference }, page, names));
  }
}
