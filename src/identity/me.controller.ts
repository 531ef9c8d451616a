import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, DuringMfaEnrolment } from '../common/decorators.js';
import { BeginTotpDto, TotpCodeDto } from './dto/auth.dto.js';
import { TotpService } from './totp.service.js';
import { UsersService } from './users.service.js';
import { MfaEnabledView, TotpEnrolmentView } from './totp.view.js';
import { UserView } from './user.view.js';

@Controller('api/v1/me')
@DuringMfaEnrolment()
@ApiTags('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly totp: TotpService,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserView })
  me(@CurrentViewer() viewer: Viewer): Promise<UserView> {
    return this.users.me(viewer);
  }

  @Post('totp')
  @HttpCode(200)
  @ApiOkResponse({ type: TotpEnrolmentView, description: 'Not active until a code from it is confirmed' })
  beginTotp(@CurrentViewer() viewer: Viewer, @Body() dto: BeginTotpDto): Promise<TotpEnrolmentView> {
    return this.totp.begin(viewer, dto);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: MfaEnabledView, description: 'From now on, signing in takes a code' })
  async confirmTotp(@CurrentViewer() viewer: Viewer, @Body() dto: TotpCodeDto): Promise<MfaEnabledView> {
    return { mfaEnabled: true, recoveryCodes: await this.totp.confirm(viewer, dto.code) };
  }
}
