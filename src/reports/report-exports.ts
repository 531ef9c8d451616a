import { Injectable } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { AuditTrail } from '../audit/audit-trail.js';
import type { Viewer } from '../common/viewer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UsersService } from '../identity/users.service.js';
import type { ReportQuery } from './dto/report.query.js';
import { reportCsv } from './report-csv.js';
import { ReportsService } from './reports.service.js';

/** Reports leaving the service as files: the head of the secretariat's alone, each one on the audit trail. */
@Injectable()
export class ReportExports {
  constructor(
    private readonly reports: ReportsService,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
  ) {}

  async csv(viewer: Viewer, q: ReportQuery): Promise<string> {
    enforce(this.policy.exportReports(viewer, await this.users.isHeadOfSecretariat(viewer.userId)));
    const report = await this.reports.report(viewer, q);
    await this.tx.run((em) =>
      this.audit.record(em, { actorId: viewer.userId, action: 'report.exported', details: { from: q.from, to: q.to, threshold: report.threshold, format: 'csv' } }),
    );
    return reportCsv(report);
  }
}
