import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { Viewer } from '../common/viewer.js';
import { AuthService, type SignedIn } from './auth.service.js';
import { CurrentViewer, DuringMfaEnrolment, Public, SignInRoute } from './decorators.js';
import { AcceptInvitationDto, ChangePasswordDto, LoginDto } from './dto/auth.dto.js';

@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @SignInRoute()
  login(@Body() dto: LoginDto): Promise<SignedIn> {
    return this.auth.login(dto.email, dto.password, dto.totp);
  }

  @Post('logout')
  @HttpCode(204)
  @DuringMfaEnrolment()
  logout(@CurrentViewer() viewer: Viewer): Promise<void> {
    return this.auth.logout(viewer);
  }

  @Post('accept-invitation')
  @HttpCode(200)
  @Public()
  @SignInRoute()
  acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<SignedIn> {
    return this.auth.acceptInvitation(dto.token, dto.password, dto.totp);
  }

  @Post('password')
  @HttpCode(204)
  changePassword(@CurrentViewer() viewer: Viewer, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(viewer, dto.currentPassword, dto.newPassword);
  }
}
