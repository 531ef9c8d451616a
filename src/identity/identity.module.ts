import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { BootstrapAdmin } from './bootstrap-admin.js';
import { Invitation } from './invitation.entity.js';
import { InvitationRepository } from './invitation.repository.js';
import { InvitationsService } from './invitations.service.js';
import { MeController } from './me.controller.js';
import { Organization } from './organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';
import { OrganizationsController } from './organizations.controller.js';
import { OrganizationsService } from './organizations.service.js';
import { PasswordResetController } from './password-reset/password-reset.controller.js';
import { PasswordReset } from './password-reset/password-reset.entity.js';
import { PasswordResetRepository } from './password-reset/password-reset.repository.js';
import { PasswordResetService } from './password-reset/password-reset.service.js';
import { PasswordResetThrottle } from './password-reset/password-reset.throttle.js';
import { PasswordHasher } from './passwords.js';
import { RecoveryCode } from './recovery-codes/recovery-code.entity.js';
import { RecoveryCodeRepository } from './recovery-codes/recovery-code.repository.js';
import { RecoveryCodesController } from './recovery-codes/recovery-codes.controller.js';
import { RecoveryCodesService } from './recovery-codes/recovery-codes.service.js';
import { Session } from './session.entity.js';
import { SessionRepository } from './session.repository.js';
import { SessionsService } from './sessions.service.js';
import { TotpService } from './totp.service.js';
import { User } from './user.entity.js';
import { UserRepository } from './user.repository.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { CryptoModule } from '../crypto/crypto.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';

@Module({
  imports: [
    AccessModule,
    AuditModule,
    CryptoModule,
    RateLimitModule,
    TypeOrmModule.forFeature([Organization, User, Session, Invitation, PasswordReset, RecoveryCode]),
    EventsModule,
  ],
  controllers: [AuthController, PasswordResetController, MeController, RecoveryCodesController, UsersController, OrganizationsController],
  providers: [
    AuthGuard,
    AuthService,
    BootstrapAdmin,
    InvitationRepository,
    InvitationsService,
    OrganizationRepository,
    OrganizationsService,
    PasswordHasher,
    PasswordResetRepository,
    PasswordResetService,
    PasswordResetThrottle,
    RecoveryCodeRepository,
    RecoveryCodesService,
    SessionRepository,
    SessionsService,
    TotpService,
    UserRepository,
    UsersService,
  ],
  exports: [
    AuthGuard,
    AuthService,
    PasswordResetService,
    RecoveryCodesService,
    SessionsService,
    TotpService,
    UsersService,
    OrganizationsService,
    UserRepository,
    OrganizationRepository,
  ],
})
export class IdentityModule {}
