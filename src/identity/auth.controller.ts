import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { AuthService, SignedIn } from './auth.service.js';
import { CurrentViewer, DuringMfaEnrolment, OwnAccount, Public, SignInRoute } from '../common/decorators.js';
import { AcceptInvitationDto, ChangePasswordDto, LoginDto } from './dto/auth.dto.js';

@Controller('api/v1/auth')
@ApiTags('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @SignInRoute()
  @ApiOkResponse({ type: SignedIn })
  @ApiUnauthorizedResponse({ description: 'One answer for any bad email, password or code' })
  login(@Body() dto: LoginDto): Promise<SignedIn> {
    return this.auth.login(dto.email, dto.password, dto.totp, 'api', dto.recoveryCode);
  }

  @Post('logout')
  @HttpCode(204)
  @DuringMfaEnrolment()
  @ApiNoContentResponse({ description: 'The token no longer works' })
  logout(@CurrentViewer() viewer: Viewer): Promise<void> {
    return this.auth.logout(viewer);
  }

  @Post('accept-invitation')
  @HttpCode(200)
  @Public()
  @SignInRoute()
  @ApiOkResponse({ type: SignedIn, description: 'The password is set and the invitation spent; 400 when the invitation is not valid' })
  acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<SignedIn> {
    return this.auth.acceptInvitation(dto.token, dto.password, dto.totp);
  }

  @Post('password')
  @OwnAccount()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every other session and token of the user ends' })
  changePassword(@CurrentViewer() viewer: Viewer, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(viewer, dto.currentPassword, dto.newPassword);
  }
}
