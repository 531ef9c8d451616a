import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { ExpertsModule } from '../experts/experts.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { InquiriesModule } from '../inquiries/inquiries.module.js';
import { Delivery } from './delivery.entity.js';
import { DigestMailer } from './digest.js';
import { Dispatcher } from './dispatcher.js';
import { MailService } from './mail.service.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { RecipientResolver } from './recipients.js';
import { SlaBreach } from './sla-breach.entity.js';
import { SlaSweep } from './sla-sweep.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CryptoModule } from '../crypto/crypto.module.js';

/**
 * The delivering half of notifications: it reads who is on an inquiry, so it sits above the
 * inquiries and experts modules (the outbox itself, written by every command, sits below them).
 */
@Module({
  imports: [
    AccessModule,
    AuditModule,
    CryptoModule,
    TypeOrmModule.forFeature([Delivery, NotificationPreference, SlaBreach]),
    IdentityModule,
    InquiriesModule,
    ExpertsModule,
    EventsModule,
  ],
  controllers: [NotificationsController],
  providers: [MailService, NotificationRepository, RecipientResolver, Dispatcher, DigestMailer, SlaSweep, NotificationsService],
  exports: [NotificationsService, Dispatcher, DigestMailer, SlaSweep, MailService],
})
export class DispatchModule {}
