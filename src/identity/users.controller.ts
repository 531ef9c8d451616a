import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from './decorators.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
import type { UserView } from './user.view.js';

@Controller('api/v1/users')
@Roles('secretariat')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.invite(viewer, dto);
  }

  @Get()
  list(@CurrentViewer() viewer: Viewer, @Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(viewer, query);
  }

  @Get(':id')
  get(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserView> {
    return this.users.get(viewer, id);
  }

  @Patch(':id')
  update(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(viewer, id, dto);
  }

  @Post(':id/invitation')
  @HttpCode(204)
  reinvite(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.users.reinvite(viewer, id);
  }

  /** Account recovery: removes the account's second factor (audited, every session ended, the person mailed). */
  @Delete(':id/totp')
  @HttpCode(204)
  resetSecondFactor(@CurrentViewer() viewer: Viewer, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.users.resetSecondFactor(viewer, id);
  }
}
