import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { ReportExports } from './report-exports.js';
import { ReportRepository } from './report.repository.js';
import { ReportTallies } from './report-tallies.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';

@Module({
  imports: [AccessModule, AuditModule, IdentityModule],
  controllers: [ReportsController],
  providers: [ReportTallies, ReportRepository, ReportsService, ReportExports],
  exports: [ReportsService, ReportExports],
})
export class ReportsModule {}
