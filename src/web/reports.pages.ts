import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '../common/clock.js';
import { Roles, WebPage } from '../common/decorators.js';
import { AnnualPackQuery } from '../reports/dto/annual-pack.query.js';
import { ReportQuery } from '../reports/dto/report.query.js';
import { ReportExports } from '../reports/report-exports.js';
import { ReportsService } from '../reports/reports.service.js';
import { validated } from './forms.js';
import { presentReport } from './report-present.js';
import { ReportSummary } from './report-summary.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

/** The reports page: the secretariat's and the observers'; the head of the secretariat downloads it as CSV, or the year's pack. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class ReportsPages {
  constructor(
    private readonly pages: WebPages,
    private readonly reports: ReportsService,
    private readonly exports: ReportExports,
    private readonly summary: ReportSummary,
    private readonly clock: Clock,
  ) {
    pages.addNav({ href: '/reports', label: 'nav.reports', roles: ['secretariat', 'observer'] });
  }

  @Get('reports')
  @Roles('secretariat', 'observer')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = await this.query(req);
    const report = await this.reports.report(req.viewer!, q);
    const lang = this.pages.language(req, reply);
    const thisYear = Number(this.clock.iso().slice(0, 4));
    await this.pages.render(req, reply, 'reports', {
      title: 'report.title',
      query: q,
      packYear: Math.min(Number(q.to.slice(0, 4)), thisYear),
      thisYear,
      ...presentReport(report, lang, this.pages.i18n),
    });
  }

  @Get('reports/export')
  @Roles('secretariat')
  async export(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = await this.query(req);
    const csv = await this.exports.csv(req.viewer!, q);
    await reply.headers({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="cti-report-${q.from}-${q.to}.csv"` }).send(csv);
  }

  /** The year's pack, its summary in the page's language. */
  @Get('reports/annual-pack')
  @Roles('secretariat')
  async annualPack(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const raw = req.query as Record<string, string | undefined>;
    const lang = this.pages.language(req, reply);
    const q = await validated(AnnualPackQuery, { year: raw.year, lang });
    const pack = await this.exports.annualPack(req.viewer!, q, (r) => this.summary.render(r, lang));
    await reply.headers({ 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${pack.filename}"` }).send(Buffer.from(pack.bytes));
  }

  /** The period asked for, or the year so far. */
  private query(req: PageRequest): Promise<ReportQuery> {
    const raw = req.query as Record<string, string | undefined>;
    const today = this.clock.iso().slice(0, 10);
    return validated(ReportQuery, { from: raw.from ?? `${today.slice(0, 4)}-01-01`, to: raw.to ?? today, ...(raw.threshold ? { threshold: raw.threshold } : {}) });
  }
}
