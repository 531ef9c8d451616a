import { BadRequestException, Injectable } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import type { Viewer } from '../common/viewer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UsersService } from '../identity/users.service.js';
import type { AnnualPackQuery } from './dto/annual-pack.query.js';
import type { ReportQuery } from './dto/report.query.js';
import { reportCsv } from './report-csv.js';
import { packCsvFiles, zipPack } from './report-pack.js';
import type { ReportView } from './report.view.js';
import { ReportsService } from './reports.service.js';

/** Draws the printable summary of a report (the pages do it, with their catalogues and charts). */
export type SummaryRenderer = (report: ReportView) => string;

export interface AnnualPack {
  filename: string;
  bytes: Uint8Array;
}

/** Reports leaving the service as files: the head of the secretariat's alone, each one on the audit trail. */
@Injectable()
export class ReportExports {
  constructor(
    private readonly reports: ReportsService,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async csv(viewer: Viewer, q: ReportQuery): Promise<string> {
    await this.mayExport(viewer);
    const report = await this.reports.report(viewer, q);
    await this.recorded(viewer, report, { format: 'csv', kind: 'report' });
    return reportCsv(report);
  }

  /**
   * The year's report as one zip: its CSV files and a printable HTML summary with the charts
   * inline. One report over the year, not one per quarter as well: tables of overlapping periods,
   * each suppressed on its own, could be subtracted from each other to recover a hidden count.
   */
  async annualPack(viewer: Viewer, q: AnnualPackQuery, summary: SummaryRenderer): Promise<AnnualPack> {
    await this.mayExport(viewer);
    const today = this.clock.iso().slice(0, 10);
    if (q.year > Number(today.slice(0, 4))) throw new BadRequestException(`year must not be after the current year (${today.slice(0, 4)})`);
    const from = `${q.year}-01-01`;
    // The current year runs to today: "open at the end" of a day still to come would be a guess.
    const to = `${q.year}-12-31` < today ? `${q.year}-12-31` : today;
    const report = await this.reports.report(viewer, { from, to });
    const files = { ...packCsvFiles(report), 'summary.html': summary(report) };
    const bytes = zipPack(files, this.clock.now());
    await this.recorded(viewer, report, { format: 'zip', kind: 'annual-pack', year: q.year });
    return { filename: `cti-annual-pack-${q.year}.zip`, bytes };
  }

  private async mayExport(viewer: Viewer): Promise<void> {
    enforce(this.policy.exportReports(viewer, await this.users.isHeadOfSecretariat(viewer.userId)));
  }

  private recorded(viewer: Viewer, report: ReportView, what: Record<string, unknown>): Promise<void> {
    return this.tx.run((em) =>
      this.audit.record(em, { actorId: viewer.userId, action: 'report.exported', details: { from: report.from, to: report.to, threshold: report.threshold, ...what } }),
    );
  }
}
