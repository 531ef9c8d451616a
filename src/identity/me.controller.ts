import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, DuringMfaEnrolment } from './decorators.js';
import { BeginTotpDto, TotpCodeDto } from './dto/auth.dto.js';
import { TotpService } from './totp.service.js';
import { UsersService } from './users.service.js';
import type { UserView } from './user.view.js';

@Controller('api/v1/me')
@DuringMfaEnrolment()
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly totp: TotpService,
  ) {}

  @Get()
  me(@CurrentViewer() viewer: Viewer): Promise<UserView> {
    return this.users.me(viewer);
  }

  @Post('totp')
  @HttpCode(200)
  beginTotp(@CurrentViewer() viewer: Viewer, @Body() dto: BeginTotpDto): Promise<{ secret: string; otpauthUrl: string }> {
    return this.totp.begin(viewer, dto);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  async confirmTotp(@CurrentViewer() viewer: Viewer, @Body() dto: TotpCodeDto): Promise<{ mfaEnabled: true }> {
    await this.totp.confirm(viewer, dto.code);
    return { mfaEnabled: true };
  }
}
