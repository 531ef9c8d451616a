import { Injectable } from '@nestjs/common';
import type { ReportView } from '../reports/report.view.js';
import { WebI18n, type WebLanguage } from './i18n.js';
import { presentReport } from './report-present.js';
import { WebViews } from './views.js';

/**
 * The annual pack's printable summary: one HTML file that stands alone (styles inline, charts as
 * inline SVG, no script, no link to anything), drawn with the reports page's own texts and charts.
 */
@Injectable()
export class ReportSummary {
  constructor(
    private readonly views: WebViews,
    private readonly i18n: WebI18n,
  ) {}

  render(report: ReportView, lang: WebLanguage): string {
    return this.views.document('report-summary', {
      lang,
      dir: this.i18n.dir(lang),
      from: this.i18n.date(lang, `${report.from}T00:00:00.000Z`, false),
      to: this.i18n.date(lang, `${report.to}T00:00:00.000Z`, false),
      ...presentReport(report, lang, this.i18n),
    });
  }
}
