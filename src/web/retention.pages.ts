import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles, WebPage } from '../common/decorators.js';
import { UpdateRetentionDto } from '../retention/retention.dto.js';
import { RetentionService } from '../retention/retention.service.js';
import { act, field, formBody, validated } from './forms.js';
import type { FormState } from './form-view.js';
import { pathId } from './path-id.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

const periodForm = (outcome: string) => `period-${outcome}`;

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
    await this.render(req, reply);
  }

  /** The page; after a refused period, that outcome's row shows what was typed and the error beside it (each row is a form of its own). */
  private async render(req: PageRequest, reply: FastifyReply, form?: FormState, status = 200): Promise<void> {
    const [policy, due, holds] = await Promise.all([this.retention.policy(), this.retention.due(undefined, 50), this.retention.holds()]);
    const periods = policy.periods.map((p) => ({ ...p, formName: periodForm(p.outcome) }));
    await this.pages.render(req, reply, 'admin-retention', { title: 'retention.title', periods, due: due.items, more: due.more, holds, form }, status);
  }

  @Post()
  async update(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    const outcome = field(body, 'outcome');
    const months = field(body, 'months', true);
    await act(
      this.pages,
      reply,
      '/admin/retention',
      'retention.saved',
      async () => {
        const typed = months?.trim() || undefined;
        const dto = await validated(UpdateRetentionDto, {
          periods: [{ outcome, months: typed !== undefined && /^-?\d{1,6}$/.test(typed) ? Number(typed) : typed }],
        });
        await this.retention.updatePolicy(req.viewer!, dto);
      },
      (refused) =>
        this.render(
          req,
          reply,
          {
            name: periodForm(outcome ?? ''),
            values: { months },
            refusal: { ...refused, fields: refused.fields.map((f) => ({ ...f, field: f.field.replace(/^periods\.0\.months$/, 'months') })) },
            ids: { months: `months-${outcome ?? ''}` },
            labels: { months: 'retention.months' },
          },
          refused.status,
        ),
    );
  }

  @Post('holds/:inquiryId/release')
  async release(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('inquiryId') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, '/admin/retention', 'retention.released', () => this.retention.releaseHold(req.viewer!, id));
  }
}
