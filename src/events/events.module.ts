import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxEvent } from './outbox-event.entity.js';
import { Outbox } from './outbox.js';

/**
 * The outbox, below every feature: commands record their events here in their own transaction,
 * and notifications (above the features) read and deliver them. Imported by each module that
 * publishes, so that nothing depends on notifications to publish.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEvent])],
  providers: [Outbox],
  exports: [Outbox],
})
export class EventsModule {}
