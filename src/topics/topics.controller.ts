import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { TopicSlugPipe } from './topic-slug.pipe.js';
import { CreateTopicDto, ListTopicsQuery, UpdateTopicDto } from './topic.dto.js';
import { TopicsService, TopicView } from './topics.service.js';

@Controller('api/v1/topics')
@ApiTags('topics')
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  @Get()
  @ApiOkResponse({ type: TopicView, isArray: true, description: 'In taxonomy order; retired topics only for the secretariat, when asked' })
  list(@CurrentViewer() viewer: Viewer, @Query() q: ListTopicsQuery): Promise<TopicView[]> {
    return this.topics.list(viewer, q.includeRetired === 'true');
  }

  @Post()
  @Roles('secretariat')
  @ApiCreatedResponse({ type: TopicView })
  @ApiConflictResponse({ description: 'A topic with this slug already exists' })
  add(@CurrentViewer() viewer: Viewer, @Body() dto: CreateTopicDto): Promise<TopicView> {
    return this.topics.add(viewer, dto);
  }

  @Patch(':slug')
  @Roles('secretariat')
  @ApiOkResponse({ type: TopicView })
  update(@CurrentViewer() viewer: Viewer, @Param('slug', TopicSlugPipe) slug: string, @Body() dto: UpdateTopicDto): Promise<TopicView> {
    return this.topics.update(viewer, slug, dto);
  }
}
