import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { ReportExports } from './report-exports.js';
import { ReportRepository } from './report.repository.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [IdentityModule],
  controllers: [ReportsController],
  providers: [ReportRepository, ReportsService, ReportExports],
  exports: [ReportsService, ReportExports],
})
export class ReportsModule {}
