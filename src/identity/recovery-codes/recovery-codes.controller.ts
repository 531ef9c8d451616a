import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '../../common/viewer.js';
import { CurrentViewer, OwnAccount } from '../../common/decorators.js';
import { RegenerateRecoveryCodesDto } from '../dto/auth.dto.js';
import { TotpService } from '../totp.service.js';
import { RecoveryCodesLeftView, RecoveryCodesView } from '../totp.view.js';
import { RecoveryCodesService } from './recovery-codes.service.js';

@Controller('api/v1/me/recovery-codes')
@OwnAccount()
@ApiTags('me')
export class RecoveryCodesController {
  constructor(
    private readonly totp: TotpService,
    private readonly recovery: RecoveryCodesService,
  ) {}

  @Get()
  @ApiOkResponse({ type: RecoveryCodesLeftView })
  async left(@CurrentViewer() viewer: Viewer): Promise<RecoveryCodesLeftView> {
    return { remaining: await this.recovery.remaining(viewer.userId) };
  }

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesView, description: 'A new batch; the previous codes stop working' })
  @ApiBadRequestResponse({ description: 'No second factor enrolled, or the password or code is not correct' })
  async regenerate(@CurrentViewer() viewer: Viewer, @Body() dto: RegenerateRecoveryCodesDto): Promise<RecoveryCodesView> {
    return { recoveryCodes: await this.totp.regenerateRecoveryCodes(viewer, dto) };
  }
}
