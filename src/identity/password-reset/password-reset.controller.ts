import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, SignInRoute } from '../../common/decorators.js';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from '../dto/auth.dto.js';
import { PasswordResetService } from './password-reset.service.js';

@Controller('api/v1/auth/password-reset')
@ApiTags('auth')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Post()
  @HttpCode(204)
  @Public()
  @ApiNoContentResponse({ description: 'The same answer whether an active account has the address or not; only such an account is mailed a one-time link (one hour)' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests for this address or from this client in the hour' })
  request(@Body() dto: PasswordResetRequestDto, @Req() req: FastifyRequest): Promise<void> {
    return this.resets.request(dto.email, req.ip);
  }

  @Post('confirm')
  @HttpCode(204)
  @Public()
  @SignInRoute()
  @ApiNoContentResponse({ description: 'The password is set, the link spent, every session of the account ended; nobody is signed in' })
  @ApiBadRequestResponse({
    description:
      'The link is not valid: used, replaced or expired (code `auth.reset-link-invalid`); or the password is refused by the rules (`password.too-short`, `password.too-long`, `password.too-common`, `password.contains-email`) or the body by its validation (`validation.failed`)',
  })
  confirm(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    return this.resets.confirm(dto.token, dto.password);
  }
}
