import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service.js';
import { OutboxEvent } from './outbox-event.entity.js';
import { Outbox } from './outbox.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEvent])],
  providers: [MailService, Outbox],
  exports: [MailService, Outbox],
})
export class NotificationsModule {}
