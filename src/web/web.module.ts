import { Module } from '@nestjs/common';
import { ExpertsModule } from '../experts/experts.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { DispatchModule } from '../notifications/dispatch.module.js';
import { InquiriesModule } from '../inquiries/inquiries.module.js';
import { KnowledgeModule } from '../knowledge/knowledge.module.js';
import { RetentionModule } from '../retention/retention.module.js';
import { TopicsModule } from '../topics/topics.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { AdminPages } from './admin.pages.js';
import { AuthPages } from './auth.pages.js';
import { ExpertsPages } from './experts.pages.js';
import { AssignmentsPages } from './inquiries/assignments.pages.js';
import { AuditPages } from './inquiries/audit.pages.js';
import { ClearancePages } from './inquiries/clearance.pages.js';
import { InquiryListPages } from './inquiries/inquiry-list.pages.js';
import { InquiryPages } from './inquiries/inquiry.pages.js';
import { ThreadPages } from './inquiries/thread.pages.js';
import { KnowledgePages } from './knowledge.pages.js';
import { Messaging } from './messaging.js';
import { NotificationsPages } from './notifications.pages.js';
import { ReportsPages } from './reports.pages.js';
import { RetentionPages } from './retention.pages.js';
import { WebI18n } from './i18n.js';
import { WebViews } from './views.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages } from './web-page.js';

/** The server-rendered pages: they call the same services as the API. */
@Module({
  imports: [IdentityModule, TopicsModule, InquiriesModule, ExpertsModule, DispatchModule, ReportsModule, RetentionModule, KnowledgeModule],
  controllers: [
    AuthPages,
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
    RetentionPages,
    KnowledgePages,
  ],
  providers: [WebI18n, WebViews, WebPages, WebErrorFilter, Messaging],
})
export class WebModule {}
