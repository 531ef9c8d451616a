import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../identity/decorators.js';
import { TopicSlugPipe } from './topic-slug.pipe.js';
import { CreateTopicDto, ListTopicsQuery, UpdateTopicDto } from './topic.dto.js';
import { TopicsService, type TopicView } from './topics.service.js';

@Controller('api/v1/topics')
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  @Get()
  list(@CurrentViewer() viewer: Viewer, @Query() q: ListTopicsQuery): Promise<TopicView[]> {
    return this.topics.list(viewer, q.includeRetired === 'true');
  }

  @Post()
  @Roles('secretariat')
  add(@CurrentViewer() viewer: Viewer, @Body() dto: CreateTopicDto): Promise<TopicView> {
    return this.topics.add(viewer, dto);
  }

  @Patch(':slug')
  @Roles('secretariat')
  update(@CurrentViewer() viewer: Viewer, @Param('slug', TopicSlugPipe) slug: string, @Body() dto: UpdateTopicDto): Promise<TopicView> {
    return this.topics.update(viewer, slug, dto);
  }
}
