import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf, type Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { AssignmentsService } from './assignments.service.js';
import { AssignmentView } from './assignment.view.js';
import { AcceptAssignmentDto, DeclineAssignmentDto, ListAssignmentsQuery, ProposeAssignmentDto } from './dto/assignment.dto.js';
import { ExpertProfileDto } from './dto/profile.dto.js';
import { ExpertsService } from './experts.service.js';
import { ProfileView } from './profile.view.js';
import { SuggestionView } from './suggestion.view.js';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe());

@Controller('api/v1')
@ApiTags('experts and assignments')
export class ExpertsController {
  constructor(
    private readonly experts: ExpertsService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get('experts/:userId/profile')
  @Roles('secretariat', 'expert')
  @ApiOkResponse({ type: ProfileView })
  @ApiForbiddenResponse({ description: 'An expert may only see and edit its own profile' })
  profile(@CurrentViewer() viewer: Viewer, @Id('userId') userId: string): Promise<ProfileView> {
    return this.experts.profile(viewer, userId);
  }

  @Put('experts/:userId/profile')
  @Roles('secretariat', 'expert')
  @ApiOkResponse({ type: ProfileView })
  @ApiForbiddenResponse({ description: 'An expert may only see and edit its own profile' })
  saveProfile(@CurrentViewer() viewer: Viewer, @Id('userId') userId: string, @Body() dto: ExpertProfileDto): Promise<ProfileView> {
    return this.experts.saveProfile(viewer, userId, dto);
  }

  @Get('inquiries/:id/expert-suggestions')
  @Roles('secretariat')
  @ApiOkResponse({ type: SuggestionView, isArray: true, description: 'Every expert, best fit first; one with a conflict of interest is listed last, never dropped' })
  suggestions(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<SuggestionView[]> {
    return this.experts.suggestions(viewer, id);
  }

  @Post('inquiries/:id/assignments')
  @Roles('secretariat')
  @ApiCreatedResponse({ type: AssignmentView, description: 'Proposed: the expert sees a summary of the inquiry until it accepts' })
  @ApiConflictResponse({ description: 'The inquiry is not open, the expert is already on it, or has a conflict of interest and no override was given' })
  propose(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: ProposeAssignmentDto): Promise<AssignmentView> {
    return this.assignments.propose(viewer, id, dto);
  }

  @Get('assignments')
  @Roles('secretariat', 'expert')
  @ApiOkResponse({ type: PageOf(AssignmentView), description: "An expert's own assignments (or all, for the secretariat)" })
  list(@CurrentViewer() viewer: Viewer, @Query() q: ListAssignmentsQuery): Promise<Page<AssignmentView>> {
    return this.assignments.list(viewer, q);
  }

  @Post('assignments/:id/accept')
  @HttpCode(200)
  @Roles('expert')
  @ApiOkResponse({ type: AssignmentView })
  @ApiConflictResponse({ description: 'The assignment is not in a status this move starts from, or changed meanwhile' })
  accept(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() _dto: AcceptAssignmentDto): Promise<AssignmentView> {
    return this.assignments.accept(viewer, id);
  }

  @Post('assignments/:id/decline')
  @HttpCode(200)
  @Roles('expert')
  @ApiOkResponse({ type: AssignmentView })
  @ApiConflictResponse({ description: 'The assignment is not in a status this move starts from, or changed meanwhile' })
  decline(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: DeclineAssignmentDto): Promise<AssignmentView> {
    return this.assignments.decline(viewer, id, dto);
  }

  @Post('assignments/:id/complete')
  @HttpCode(200)
  @Roles('expert', 'secretariat')
  @ApiOkResponse({ type: AssignmentView })
  @ApiConflictResponse({ description: 'The assignment is not in a status this move starts from, or changed meanwhile' })
  complete(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<AssignmentView> {
    return this.assignments.complete(viewer, id);
  }

  @Delete('assignments/:id')
  @Roles('secretariat')
  @ApiOkResponse({ type: AssignmentView, description: 'Withdrawn: the expert loses access' })
  @ApiConflictResponse({ description: 'The assignment is not in a status this move starts from, or changed meanwhile' })
  withdraw(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<AssignmentView> {
    return this.assignments.withdraw(viewer, id);
  }
}
