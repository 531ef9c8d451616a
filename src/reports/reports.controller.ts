import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { ReportQuery } from './dto/report.query.js';
import { ReportExports } from './report-exports.js';
import { ReportView } from './report.view.js';
import { ReportsService } from './reports.service.js';

@Controller('api/v1/reports')
@ApiTags('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly exports: ReportExports,
  ) {}

  @Get()
  @Roles('secretariat', 'observer')
  @ApiOkResponse({ type: ReportView, description: 'Anonymous figures for the period: small counts hidden, never by country' })
  report(@CurrentViewer() viewer: Viewer, @Query() q: ReportQuery): Promise<ReportView> {
    return this.reports.report(viewer, q);
  }

  @Get('export')
  @Roles('secretariat')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'The report as CSV (UTF-8 with a byte-order mark); only the head of the secretariat exports, and each export is audited',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async export(@CurrentViewer() viewer: Viewer, @Query() q: ReportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const csv = await this.exports.csv(viewer, q);
    void reply.headers({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="cti-report-${q.from}-${q.to}.csv"` });
    return csv;
  }
}
