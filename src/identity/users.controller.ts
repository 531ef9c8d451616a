import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf, type Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
import { UserView } from './user.view.js';

@Controller('api/v1/users')
@Roles('secretariat')
@ApiTags('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserView, description: 'An invitation with a one-time link goes to the address' })
  @ApiConflictResponse({ description: 'A user with this email already exists' })
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.invite(viewer, dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(UserView) })
  list(@CurrentViewer() viewer: Viewer, @Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(viewer, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  get(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserView> {
    return this.users.get(viewer, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserView, description: 'A user made inactive can no longer sign in, and its tokens stop working' })
  @ApiConflictResponse({ description: 'You cannot deactivate your own account' })
  update(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(viewer, id, dto);
  }

  @Post(':id/invitation')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'A new invitation goes out; earlier links stop working' })
  @ApiConflictResponse({ description: 'The account is inactive' })
  reinvite(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.users.reinvite(viewer, id);
  }

  /** Account recovery: removes the account's second factor (audited, every session ended, the person mailed). */
  @Delete(':id/totp')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The second factor is removed, every session of the account ended, the person mailed; it signs in with its password and enrols again' })
  @ApiConflictResponse({ description: "The account has no second factor, or is the caller's own (another member of the secretariat resets it)" })
  resetSecondFactor(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.users.resetSecondFactor(viewer, id);
  }
}
