import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { AuthService, type SignedIn } from '../identity/auth.service.js';
import { DuringMfaEnrolment, OwnAccount, Public, SignInRoute, WebPage } from '../common/decorators.js';
import { AcceptInvitationDto, BeginTotpDto, ChangePasswordDto, LoginDto, TotpCodeDto } from '../identity/dto/auth.dto.js';
import type { Role } from '../common/role.js';
import { TotpService } from '../identity/totp.service.js';
import { UsersService } from '../identity/users.service.js';
import { ownerProofField, passwordRuleFields, PROOF_FIELDS, PROOF_IDS, PROOF_LABELS, secondFactorField } from './account-recovery.pages.js';
import { act, asFormFields, field, formBody, refusal, validated } from './forms.js';
import type { FormRefusal, FormState } from './form-view.js';
import { isWebLanguage } from './i18n.js';
import { safeNext, WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';
import { refuse } from '../common/errors/refusal.js';

export const HOME: Record<Role, string> = { requester: '/inquiries', expert: '/assignments', secretariat: '/inquiries', observer: '/reports' };

/** Signing in and out, invitations, the second factor, the account page. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class AuthPages {
  constructor(
    private readonly pages: WebPages,
    private readonly auth: AuthService,
    private readonly totp: TotpService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @Public()
  home(@Req() req: PageRequest, @Res() reply: FastifyReply): void {
    if (req.sessionScope === 'mfa-enrolment') return this.pages.redirect(reply, '/account/mfa');
    this.pages.redirect(reply, req.viewer ? HOME[req.viewer.role] : '/login');
  }

  @Get('login')
  @Public()
  async loginForm(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const next = (req.query as Record<string, unknown>).next;
    if (req.viewer && req.sessionScope === 'full') return this.pages.redirect(reply, safeNext(next) ? next : HOME[req.viewer.role]);
    await this.pages.render(req, reply, 'login', { title: 'login.title', next: safeNext(next) ? next : '', signedOut: (req.query as Record<string, unknown>).signedOut === '1' });
  }

  @Post('login')
  @Public()
  @SignInRoute()
  @HttpCode(200)
  async login(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    const next = field(body, 'next');
    const email = field(body, 'email') ?? '';
    let signedIn: SignedIn;
    try {
      // One field takes the authenticator's code or a recovery code.
      const dto = await validated(LoginDto, { email: email.trim(), password: field(body, 'password', true), ...secondFactorField(field(body, 'totp')) });
      signedIn = await this.auth.login(dto.email, dto.password, dto.totp, 'web', dto.recoveryCode);
    } catch (err) {
      const r = refusal(err, [401]);
      if (!r) throw err;
      // The email is kept; the password and the code are typed again.
      const form: FormState = { values: { email }, refusal: asFormFields(r, { recoveryCode: 'totp' }), labels: LOGIN_LABELS, fieldOf: LOGIN_FIELDS };
      return this.pages.render(req, reply, 'login', { title: 'login.title', next: safeNext(next) ? next : '', form }, r.status);
    }
    // A sign-in over a session still open ends that one: one browser, one session.
    if (req.viewer) await this.auth.logout(req.viewer);
    this.pages.startSession(reply, signedIn.token);
    if (signedIn.mfaEnrollmentRequired) return this.pages.redirect(reply, '/account/mfa');
    this.pages.redirect(reply, safeNext(next) ? next : HOME[signedIn.user.role]);
  }

  @Post('logout')
  @DuringMfaEnrolment()
  async logout(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.auth.logout(req.viewer!);
    this.pages.endSession(reply);
    this.pages.redirect(reply, '/login?signedOut=1');
  }

  @Get('invitations/:token')
  @Public()
  async invitationForm(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('token') token: string): Promise<void> {
    await this.pages.render(req, reply, 'invitation', { title: 'invitation.title', token: validToken(token) ? token : '' }, validToken(token) ? 200 : 404);
  }

  @Post('invitations/:token')
  @Public()
  @SignInRoute()
  @HttpCode(200)
  async acceptInvitation(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('token') token: string): Promise<void> {
    const body = formBody(req.body);
    const password = field(body, 'password', true) ?? '';
    let signedIn: SignedIn;
    try {
      if (password !== (field(body, 'confirm', true) ?? '')) throw refuse('auth.passwords-differ', 'the two passwords differ');
      const dto = await validated(AcceptInvitationDto, { token, password, totp: field(body, 'totp')?.replace(/\s+/g, '') });
      signedIn = await this.auth.acceptInvitation(dto.token, dto.password, dto.totp, 'web');
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      return this.invitationRefused(req, reply, token, r, r.status);
    }
    if (req.viewer) await this.auth.logout(req.viewer);
    this.pages.startSession(reply, signedIn.token);
    this.pages.redirect(reply, signedIn.mfaEnrollmentRequired ? '/account/mfa' : HOME[signedIn.user.role], { kind: 'ok', key: 'invitation.welcome' });
  }

  @Get('account/mfa')
  @DuringMfaEnrolment()
  async mfaForm(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const me = await this.users.me(req.viewer!);
    if (me.mfaEnabled) return this.pages.render(req, reply, 'mfa', { title: 'mfa.title', enrolled: true });
    const { secret, otpauthUrl } = await this.totp.begin(req.viewer!);
    await this.renderEnrolment(req, reply, secret, otpauthUrl);
  }

  /**
   * Replacing an enrolled second factor: the password and a current code of it, then the new
   * secret is shown to be confirmed like a first enrolment (which then ends the other sessions).
   */
  @Post('account/mfa/replace')
  @OwnAccount()
  @HttpCode(200)
  async replaceMfa(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    let started: { secret: string; otpauthUrl: string };
    try {
      const dto = await validated(BeginTotpDto, { currentPassword: field(body, 'currentPassword', true), ...ownerProofField(field(body, 'code')) });
      started = await this.totp.begin(req.viewer!, dto);
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      // The same page again, the refusal beside the field it is about (the password and the code are typed again).
      const form: FormState = { values: {}, refusal: asFormFields(r, { recoveryCode: 'code' }), ids: PROOF_IDS('replace'), labels: PROOF_LABELS, fieldOf: PROOF_FIELDS };
      return this.pages.render(req, reply, 'mfa', { title: 'mfa.title', enrolled: true, form }, r.status);
    }
    await this.renderEnrolment(req, reply, started.secret, started.otpauthUrl);
  }

  @Post('account/mfa')
  @DuringMfaEnrolment()
  @HttpCode(200)
  async confirmMfa(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    let codes: string[];
    try {
      const dto = await validated(TotpCodeDto, { code: field(body, 'code')?.replace(/\s+/g, '') });
      codes = await this.totp.confirm(req.viewer!, dto.code);
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      // The secret being enrolled is shown again (it is the one the authenticator already holds).
      const secret = field(body, 'secret') ?? '';
      if (!/^[A-Z2-7]{16,64}$/.test(secret)) return this.pages.redirect(reply, '/account/mfa', { kind: 'error', key: 'mfa.badCode' });
      const me = await this.users.me(req.viewer!);
      const url = `otpauth://totp/${encodeURIComponent('CTI Advice')}:${encodeURIComponent(me.email)}?secret=${secret}&issuer=${encodeURIComponent('CTI Advice')}`;
      const form: FormState = { values: {}, refusal: r, labels: { code: 'mfa.code' }, fieldOf: { 'totp.code-invalid': 'code', 'totp.not-started': 'code' } };
      return this.renderEnrolment(req, reply, secret, url, form, r.status);
    }
    // The recovery codes are shown once, on the page that follows the enrolment.
    if (req.sessionScope === 'mfa-enrolment') {
      const signedIn = await this.auth.completeEnrolment(req.viewer!, 'web');
      this.pages.startSession(reply, signedIn.token);
      return this.pages.render(req, reply, 'recovery-codes', { title: 'recovery.title', codes, next: HOME[signedIn.user.role], enrolled: true });
    }
    await this.pages.render(req, reply, 'recovery-codes', { title: 'recovery.title', codes, next: '/account', enrolled: true });
  }

  @Get('account')
  @OwnAccount()
  async account(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.render(req, reply, 'account', { title: 'account.title', ...(await this.pages.accountExtras(req.viewer!)) });
  }

  /** The account page again after a refusal of one of its forms (named: several share field names). */
  private async accountRefused(req: PageRequest, reply: FastifyReply, form: FormState, status: number): Promise<void> {
    await this.pages.render(req, reply, 'account', { title: 'account.title', ...(await this.pages.accountExtras(req.viewer!)), form }, status);
  }

  @Post('account/password')
  @OwnAccount()
  async changePassword(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    await act(
      this.pages,
      reply,
      '/account',
      'account.passwordChanged',
      async () => {
        const dto = await validated(ChangePasswordDto, { currentPassword: field(body, 'currentPassword', true), newPassword: field(body, 'newPassword', true) });
        if (dto.newPassword !== field(body, 'confirm', true)) throw refuse('auth.passwords-differ', 'the two new passwords differ');
        await this.auth.changePassword(req.viewer!, dto.currentPassword, dto.newPassword);
      },
      // Nothing is kept: every field is a password.
      (refused) => this.accountRefused(req, reply, { name: 'password', values: {}, refusal: refused, labels: PASSWORD_LABELS, fieldOf: PASSWORD_FIELDS }, refused.status),
    );
  }

  /** The language of the pages, remembered in a cookie for this browser. */
  @Post('language')
  @Public()
  language(@Req() req: PageRequest, @Res() reply: FastifyReply): void {
    const body = formBody(req.body);
    const lang = field(body, 'lang');
    const back = field(body, 'back');
    if (isWebLanguage(lang)) this.pages.rememberLanguage(reply, lang);
    this.pages.redirect(reply, safeNext(back) ? back : '/');
  }

  private async renderEnrolment(req: PageRequest, reply: FastifyReply, secret: string, otpauthUrl: string, form?: FormState, status = 200): Promise<void> {
    const qr = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    const grouped = secret.replace(/(.{4})/g, '$1 ').trim();
    await this.pages.render(req, reply, 'mfa', { title: 'mfa.title', enrolled: false, qr, secret, grouped, otpauthUrl, form }, status);
  }

  /** The invitation form again, its refusal beside the field it is about (passwords are typed again: nothing else is kept). */
  private invitationRefused(req: PageRequest, reply: FastifyReply, token: string, refused: FormRefusal, status = 400): Promise<void> {
    const form: FormState = { values: {}, refusal: refused, labels: INVITATION_LABELS, fieldOf: INVITATION_FIELDS };
    return this.pages.render(req, reply, 'invitation', { title: 'invitation.title', token: validToken(token) ? token : '', form }, status);
  }
}

const INVITATION_LABELS = { password: 'invitation.password', confirm: 'invitation.confirm', totp: 'invitation.totp' };

const INVITATION_FIELDS: FormState['fieldOf'] = {
  ...passwordRuleFields('password'),
  'auth.passwords-differ': 'confirm',
  'auth.second-factor-needed': 'totp',
  'auth.second-factor-invalid': 'totp',
};

const LOGIN_LABELS = { email: 'login.email', password: 'login.password', totp: 'login.totp' };
/** A wrong email or password is put beside the password: which of the two was wrong is not said. */
const LOGIN_FIELDS: FormState['fieldOf'] = {
  'auth.invalid-credentials': 'password',
  'auth.second-factor-needed': 'totp',
  'auth.second-factor-invalid': 'totp',
};

const PASSWORD_LABELS = { currentPassword: 'account.currentPassword', newPassword: 'account.newPassword', confirm: 'account.confirmPassword' };
const PASSWORD_FIELDS: FormState['fieldOf'] = {
  'auth.current-password-wrong': 'currentPassword',
  ...passwordRuleFields('newPassword'),
  'auth.passwords-differ': 'confirm',
};

const validToken = (t: string) => /^[A-Za-z0-9_-]{20,200}$/.test(t);
