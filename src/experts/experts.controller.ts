import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import type { Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../identity/decorators.js';
import { AssignmentsService } from './assignments.service.js';
import type { AssignmentView } from './assignment.view.js';
import { AcceptAssignmentDto, DeclineAssignmentDto, ListAssignmentsQuery, ProposeAssignmentDto } from './dto/assignment.dto.js';
import { ExpertProfileDto } from './dto/profile.dto.js';
import { ExpertsService, type ProfileView } from './experts.service.js';
import type { Suggestion } from './scoring.js';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe());

@Controller('api/v1')
export class ExpertsController {
  constructor(
    private readonly experts: ExpertsService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get('experts/:userId/profile')
  @Roles('secretariat', 'expert')
  profile(@CurrentViewer() viewer: Viewer, @Id('userId') userId: string): Promise<ProfileView> {
    return this.experts.profile(viewer, userId);
  }

  @Put('experts/:userId/profile')
  @Roles('secretariat', 'expert')
  saveProfile(@CurrentViewer() viewer: Viewer, @Id('userId') userId: string, @Body() dto: ExpertProfileDto): Promise<ProfileView> {
    return this.experts.saveProfile(viewer, userId, dto);
  }

  @Get('inquiries/:id/expert-suggestions')
  @Roles('secretariat')
  suggestions(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<Suggestion[]> {
    return this.experts.suggestions(viewer, id);
  }

  @Post('inquiries/:id/assignments')
  @Roles('secretariat')
  propose(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: ProposeAssignmentDto): Promise<AssignmentView> {
    return this.assignments.propose(viewer, id, dto);
  }

  @Get('assignments')
  @Roles('secretariat', 'expert')
  list(@CurrentViewer() viewer: Viewer, @Query() q: ListAssignmentsQuery): Promise<Page<AssignmentView>> {
    return this.assignments.list(viewer, q);
  }

  @Post('assignments/:id/accept')
  @HttpCode(200)
  @Roles('expert')
  accept(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() _dto: AcceptAssignmentDto): Promise<AssignmentView> {
    return this.assignments.accept(viewer, id);
  }

  @Post('assignments/:id/decline')
  @HttpCode(200)
  @Roles('expert')
  decline(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: DeclineAssignmentDto): Promise<AssignmentView> {
    return this.assignments.decline(viewer, id, dto);
  }

  @Post('assignments/:id/complete')
  @HttpCode(200)
  @Roles('expert', 'secretariat')
  complete(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<AssignmentView> {
    return this.assignments.complete(viewer, id);
  }

  @Delete('assignments/:id')
  @Roles('secretariat')
  withdraw(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<AssignmentView> {
    return this.assignments.withdraw(viewer, id);
  }
}
