import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf, type Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { ApproveEntryDto, ConsentAnswerDto, CreateEntryDto, ListEntriesQuery, SubmitEntryDto, UnpublishEntryDto, UpdateEntryDto } from './dto/knowledge.dto.js';
import { KnowledgeService } from './knowledge.service.js';
import { ConsentView, KnowledgeEntryView } from './knowledge.view.js';

const Id = () => Param('id', new ParseUUIDPipe());

@Controller('api/v1/knowledge')
@ApiTags('knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Post()
  @Roles('secretariat')
  @ApiCreatedResponse({ type: KnowledgeEntryView, description: 'A draft, sealed until published; it never names its source inquiry' })
  @ApiConflictResponse({ description: 'The source inquiry is not closed, or its requester did not consent at intake and confirm at closure' })
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateEntryDto): Promise<KnowledgeEntryView> {
    return this.knowledge.create(viewer, dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(KnowledgeEntryView), description: 'Published entries (the secretariat may ask for a status), by topic and words, newest first' })
  list(@CurrentViewer() viewer: Viewer, @Query() query: ListEntriesQuery): Promise<Page<KnowledgeEntryView>> {
    return this.knowledge.list(viewer, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: KnowledgeEntryView, description: 'A published entry; a draft only for the secretariat' })
  get(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<KnowledgeEntryView> {
    return this.knowledge.get(viewer, id);
  }

  @Patch(':id')
  @Roles('secretariat')
  @ApiOkResponse({ type: KnowledgeEntryView })
  @ApiConflictResponse({ description: 'Not a draft any more, or changed since this version' })
  update(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: UpdateEntryDto): Promise<KnowledgeEntryView> {
    return this.knowledge.update(viewer, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOkResponse({ type: KnowledgeEntryView, description: 'Submitted for the second approval' })
  @ApiConflictResponse({ description: 'Not a draft, changed since this version, or it holds words that identify its source and are not explained' })
  submit(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: SubmitEntryDto): Promise<KnowledgeEntryView> {
    return this.knowledge.submit(viewer, id, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOkResponse({ type: KnowledgeEntryView, description: 'Published' })
  @ApiForbiddenResponse({ description: 'The drafter cannot give the second approval' })
  @ApiConflictResponse({ description: 'Not submitted, or changed since this version' })
  approve(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: ApproveEntryDto): Promise<KnowledgeEntryView> {
    return this.knowledge.approve(viewer, id, dto);
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOkResponse({ type: KnowledgeEntryView })
  @ApiForbiddenResponse({ description: 'Only its drafter or its approver unpublishes an entry' })
  @ApiConflictResponse({ description: 'Not published' })
  unpublish(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: UnpublishEntryDto): Promise<KnowledgeEntryView> {
    return this.knowledge.unpublish(viewer, id, dto);
  }
}

@Controller('api/v1/inquiries')
@ApiTags('knowledge')
export class PublicationConsentController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Post(':id/publication-consent')
  @HttpCode(200)
  @Roles('requester')
  @ApiOkResponse({ type: ConsentView, description: 'The answer to the question put at closure; withdrawing a consent given withdraws every entry drawn from the inquiry' })
  @ApiForbiddenResponse({ description: 'Only the requester who filed the inquiry answers for its consent' })
  @ApiConflictResponse({ description: 'No question was put, or it was answered already' })
  answer(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: ConsentAnswerDto): Promise<ConsentView> {
    return this.knowledge.answerConsent(viewer, id, dto);
  }
}
