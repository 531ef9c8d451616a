import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles, WebPage } from '../common/decorators.js';
import { UpdateRetentionDto } from '../retention/retention.dto.js';
import { RetentionService } from '../retention/retention.service.js';
import { act, field, formBody, validated } from './forms.js';
import { pathId } from './path-id.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

/** The secretariat's retention page: the periods per outcome, what is due now, the legal holds. */
@Controller('admin/retention')
@WebPage()
@Roles('secretariat')
@UseFilters(WebErrorFilter)
export class RetentionPages {
  constructor(
    private readonly pages: WebPages,
    private readonly retention: RetentionService,
  ) {
    pages.addNav({ href: '/admin/retention', label: 'nav.retention', roles: ['secretariat'] });
  }

  @Get()
  async page(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const [policy, due, holds] = await Promise.all([this.retention.policy(), this.retention.due(undefined, 50), this.retention.holds()]);
    await this.pages.render(req, reply, 'admin-retention', { title: 'retention.title', periods: policy.periods, due: due.items, more: due.more, holds });
  }

  @Post()
  async update(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    await act(this.pages, reply, '/admin/retention', 'retention.saved', async () => {
      const months = field(body, 'months');
      const dto = await validated(UpdateRetentionDto, {
        periods: [{ outcome: field(body, 'outcome'), months: months !== undefined && /^-?\d{1,6}$/.test(months) ? Number(months) : months }],
      });
      await this.retention.updatePolicy(req.viewer!, dto);
    });
  }

  @Post('holds/:inquiryId/release')
  async release(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('inquiryId') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, '/admin/retention', 'retention.released', () => this.retention.releaseHold(req.viewer!, id));
  }
}
