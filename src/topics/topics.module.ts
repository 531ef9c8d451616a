import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Topic } from './topic.entity.js';
import { TopicRepository } from './topic.repository.js';
import { TopicsController } from './topics.controller.js';
import { TopicsService } from './topics.service.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';

@Module({
  imports: [AccessModule, AuditModule, TypeOrmModule.forFeature([Topic])],
  controllers: [TopicsController],
  providers: [TopicRepository, TopicsService],
  exports: [TopicsService],
})
export class TopicsModule {}
