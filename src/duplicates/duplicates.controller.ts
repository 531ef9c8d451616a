import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { JoinAnswerDto, ShareReplyDto } from './duplicates.dto.js';
import { DuplicatesService } from './duplicates.service.js';
import { JoinedThreadView, JoinView, SharedReplyView } from './duplicates.view.js';

const Id = () => Param('id', new ParseUUIDPipe());
const LinkId = () => Param('linkId', new ParseUUIDPipe());

/** Duplicates (issue 21): the primary's cleared replies shared with a duplicate, and the requesters' consent to join their threads. */
@Controller('api/v1/inquiries')
@ApiTags('inquiries')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Post(':id/shared-replies')
  @Roles('secretariat')
  @ApiCreatedResponse({
    type: SharedReplyView,
    description: "Shared with this duplicate: its requester side reads it as a reply from a related query, without that query's reference or people",
  })
  @ApiConflictResponse({ description: 'Not a duplicate, closed or withdrawn, the primary withdrawn, not a cleared expert reply of its primary, or shared already' })
  share(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: ShareReplyDto): Promise<SharedReplyView> {
    return this.duplicates.shareReply(viewer, id, dto);
  }

  @Get(':id/shared-replies')
  @Roles('requester', 'expert', 'secretariat')
  @ApiOkResponse({ type: SharedReplyView, isArray: true, description: 'The replies shared with this inquiry from its primary, for whoever reads its thread' })
  @ApiForbiddenResponse({ description: 'An expert whose assignment is only proposed does not read the thread' })
  shared(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<SharedReplyView[]> {
    return this.duplicates.sharedReplies(viewer, id);
  }

  @Post(':id/links/:linkId/join')
  @Roles('secretariat')
  @ApiCreatedResponse({ type: JoinView, description: 'Both requesters are asked whether to join their threads' })
  @ApiConflictResponse({ description: 'Not a duplicate link, either inquiry closed or withdrawn, or asked already' })
  ask(@CurrentViewer() viewer: Viewer, @Id() id: string, @LinkId() linkId: string): Promise<JoinView> {
    return this.duplicates.askToJoin(viewer, id, linkId);
  }

  @Get(':id/joins')
  @Roles('requester', 'secretariat')
  @ApiOkResponse({ type: JoinView, isArray: true, description: "The questions to join put about this inquiry, with this side's answer" })
  @ApiForbiddenResponse({ description: 'For the requester side and the secretariat' })
  joins(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<JoinView[]> {
    return this.duplicates.joins(viewer, id);
  }

  @Post(':id/joins/:linkId')
  @HttpCode(200)
  @Roles('requester')
  @ApiOkResponse({ type: JoinView, description: 'The answer is recorded; when both agreed, the threads are joined' })
  @ApiForbiddenResponse({ description: 'Only the requester who filed the inquiry answers' })
  @ApiConflictResponse({ description: 'Answered already, declined, or an inquiry no longer open' })
  answer(@CurrentViewer() viewer: Viewer, @Id() id: string, @LinkId() linkId: string, @Body() dto: JoinAnswerDto): Promise<JoinView> {
    return this.duplicates.answerJoin(viewer, id, linkId, dto);
  }

  @Get(':id/joins/:linkId/thread')
  @Roles('requester', 'secretariat')
  @ApiOkResponse({ type: JoinedThreadView, description: "The other requester's query and the part of its thread its requester side reads" })
  @ApiForbiddenResponse({ description: 'For the requester side and the secretariat' })
  @ApiConflictResponse({ description: 'Not joined (not both agreed, or one withdrew), or an inquiry withdrawn' })
  thread(@CurrentViewer() viewer: Viewer, @Id() id: string, @LinkId() linkId: string): Promise<JoinedThreadView> {
    return this.duplicates.otherThread(viewer, id, linkId);
  }
}
