import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { AnnualPackQuery } from '../reports/dto/annual-pack.query.js';
import { ReportExports } from '../reports/report-exports.js';
import { ReportSummary } from './report-summary.js';

/**
 * GET /api/v1/reports/annual-pack: an API route kept beside the pages, because its printable
 * summary is drawn with the pages' catalogues and chart templates, and nothing below the pages may
 * import them. Everything else (who may, the audit entry, the files) is ReportExports'.
 */
@Controller('api/v1/reports')
@ApiTags('reports')
export class ReportPackApi {
  constructor(
    private readonly exports: ReportExports,
    private readonly summary: ReportSummary,
  ) {}

  @Get('annual-pack')
  @Roles('secretariat')
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description:
      "The year's report as one zip: report.csv and one CSV per section (UTF-8 with a byte-order mark) and summary.html, printable, its charts inline; only the head of the secretariat exports, and each export is audited",
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiBadRequestResponse({ description: 'A year that is not YYYY, before 2000 or after the current year; an unknown language' })
  async annualPack(@CurrentViewer() viewer: Viewer, @Query() q: AnnualPackQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const pack = await this.exports.annualPack(viewer, q, (r) => this.summary.render(r, q.lang ?? 'en'));
    void reply.headers({ 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${pack.filename}"` });
    return Buffer.from(pack.bytes);
  }
}
