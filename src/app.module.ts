import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { AppLogger, createLogger } from './config/logging.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import type { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { CryptoModule } from './crypto/crypto.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { AuthGuard } from './identity/auth.guard.js';
import { IdentityModule } from './identity/identity.module.js';
import { InquiriesModule } from './inquiries/inquiries.module.js';
import { ExpertsModule } from './experts/experts.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { KnowledgeModule } from './knowledge/knowledge.module.js';
import { DuplicatesModule } from './duplicates/duplicates.module.js';
import { WebModule } from './web/web.module.js';
import { TopicsModule } from './topics/topics.module.js';
import { AccessModule } from './access/access.module.js';
import { AuditModule } from './audit/audit.module.js';
import { DispatchModule } from './notifications/dispatch.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { CountriesModule } from './countries/countries.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RetentionModule } from './retention/retention.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logDestination?: NodeJS.WritableStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        RateLimitModule,
        DatabaseModule,
        CryptoModule,
        AuditModule,
        AccessModule,
        IdentityModule,
        TopicsModule,
        CountriesModule,
        ReportsModule,
        InquiriesModule,
        ExpertsModule,
        MessagesModule,
        KnowledgeModule,
        DuplicatesModule,
        DispatchModule,
        RetentionModule,
        WebModule,
        HealthModule,
        OpenApiModule,
      ],
      providers: [
        // The service's logger (see AppLogger), made here for the destination given (the tests read theirs).
        { provide: AppLogger, useValue: new AppLogger(createLogger(config, logDestination)) },
        // Order matters: the viewer is known before the per-user rate limit is counted.
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
