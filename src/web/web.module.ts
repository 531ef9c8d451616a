import { Module } from '@nestjs/common';
import { CountriesModule } from '../countries/countries.module.js';
import { ExpertsModule } from '../experts/experts.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { DispatchModule } from '../notifications/dispatch.module.js';
import { InquiriesModule } from '../inquiries/inquiries.module.js';
import { KnowledgeModule } from '../knowledge/knowledge.module.js';
import { DuplicatesModule } from '../duplicates/duplicates.module.js';
import { RetentionModule } from '../retention/retention.module.js';
import { TopicsModule } from '../topics/topics.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { AdminPages } from './admin.pages.js';
import { AuthPages } from './auth.pages.js';
import { CountriesPages } from './countries.pages.js';
import { ExpertsPages } from './experts.pages.js';
import { AssignmentsPages } from './inquiries/assignments.pages.js';
import { AuditPages } from './inquiries/audit.pages.js';
import { ChoiceLists } from './inquiries/choice-lists.js';
import { QueueRows } from './inquiries/queue-rows.js';
import { ClearancePages } from './inquiries/clearance.pages.js';
import { InquiryListPages } from './inquiries/inquiry-list.pages.js';
import { InquiryPage } from './inquiries/inquiry-page.js';
import { InquiryPages } from './inquiries/inquiry.pages.js';
import { ThreadPages } from './inquiries/thread.pages.js';
import { KnowledgePages } from './knowledge.pages.js';
import { LinksPages } from './links.pages.js';
import { Messaging } from './messaging.js';
import { NotificationsPages } from './notifications.pages.js';
import { ReportPackApi } from './report-pack.api.js';
import { ReportSummary } from './report-summary.js';
import { ReportsPages } from './reports.pages.js';
import { RetentionPages } from './retention.pages.js';
import { WebI18n } from './i18n.js';
import { WebViews } from './views.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages } from './web-page.js';
import { AccountRecoveryPages } from './account-recovery.pages.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';

/** The server-rendered pages: they call the same services as the API. */
@Module({
  imports: [
    AccessModule,
    AuditModule,
    IdentityModule,
    TopicsModule,
    InquiriesModule,
    ExpertsModule,
    DispatchModule,
    ReportsModule,
    RetentionModule,
    KnowledgeModule,
    DuplicatesModule,
    CountriesModule,
  ],
  controllers: [
    AuthPages,
    AccountRecoveryPages,
    InquiryListPages,
    InquiryPages,
    ThreadPages,
    AssignmentsPages,
    ClearancePages,
    AuditPages,
    ExpertsPages,
    AdminPages,
    NotificationsPages,
    ReportsPages,
    ReportPackApi,
    RetentionPages,
    KnowledgePages,
    LinksPages,
    CountriesPages,
  ],
  providers: [WebI18n, WebViews, WebPages, WebErrorFilter, Messaging, ChoiceLists, QueueRows, ReportSummary, InquiryPage],
})
export class WebModule {}
