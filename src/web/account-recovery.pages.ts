import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OwnAccount, Public, SignInRoute, WebPage } from '../common/decorators.js';
import { PasswordResetConfirmDto, PasswordResetRequestDto, RegenerateRecoveryCodesDto } from '../identity/dto/auth.dto.js';
import { PasswordResetService } from '../identity/password-reset/password-reset.service.js';
import { RecoveryCodesService } from '../identity/recovery-codes/recovery-codes.service.js';
import { TotpService } from '../identity/totp.service.js';
import { refuse } from '../common/errors/refusal.js';
import { asFormFields, field, formBody, refusal, validated } from './forms.js';
import type { FormState } from './form-view.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

/** The second-factor field of a form, which takes a six-digit code or a recovery code: which is it. */
export function secondFactorField(raw: string | undefined): { totp?: string; recoveryCode?: string } {
  const compact = raw?.replace(/\s+/g, '');
  if (!compact) return {};
  // Six digits are the authenticator's; anything else is read as a recovery code (which may be all digits too, but has ten).
  return /^\d{6}$/.test(compact) ? { totp: compact } : { recoveryCode: compact };
}

/** The same field for a re-authentication (replacing the second factor, new recovery codes), whose DTOs name the code `code`. */
export function ownerProofField(raw: string | undefined): { code?: string; recoveryCode?: string } {
  const { totp, recoveryCode } = secondFactorField(raw);
  return totp ? { code: totp } : recoveryCode ? { recoveryCode } : {};
}

/** The password-and-code proof of the second factor's replacement and of new recovery codes (`prefix`: the ids on its page). */
export const PROOF_IDS = (prefix: string) => ({ currentPassword: `${prefix}-password`, code: `${prefix}-code` });
export const PROOF_LABELS = { currentPassword: 'account.currentPassword', code: 'mfa.currentCode' };
export const PROOF_FIELDS: FormState['fieldOf'] = {
  'auth.current-password-wrong': 'currentPassword',
  'auth.second-factor-needed': 'code',
  'auth.second-factor-invalid': 'code',
  'totp.code-invalid': 'code',
};

/** The password rules' refusals (src/identity/passwords.ts), beside the field that takes the new password. */
export const passwordRuleFields = (field: string): FormState['fieldOf'] => ({
  'password.too-short': field,
  'password.too-long': field,
  'password.too-common': field,
  'password.contains-email': field,
});

/** "Forgot your password?", the reset link's page, and the recovery codes of the account page. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class AccountRecoveryPages {
  constructor(
    private readonly pages: WebPages,
    private readonly resets: PasswordResetService,
    private readonly totp: TotpService,
    recovery: RecoveryCodesService,
  ) {
    pages.addAccountSection(async (viewer) => ({ recoveryCodesLeft: await recovery.remaining(viewer.userId) }));
  }

  @Get('password-reset')
  @Public()
  async forgotForm(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.render(req, reply, 'password-forgot', { title: 'reset.title' });
  }

  /** The same page whether an account has the address or not. */
  @Post('password-reset')
  @Public()
  @HttpCode(200)
  async requestReset(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const email = (field(formBody(req.body), 'email') ?? '').trim();
    try {
      const dto = await validated(PasswordResetRequestDto, { email });
      await this.resets.request(dto.email, req.ip, this.pages.language(req, reply));
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      // The address is kept, its refusal beside it (too many requests: in the summary).
      const form: FormState = { values: { email }, refusal: r, labels: { email: 'login.email' } };
      return this.pages.render(req, reply, 'password-forgot', { title: 'reset.title', form }, r.status);
    }
    await this.pages.render(req, reply, 'password-forgot', { title: 'reset.title', sent: true });
  }

  @Get('password-reset/:token')
  @Public()
  async resetForm(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('token') token: string): Promise<void> {
    await this.pages.render(req, reply, 'password-reset', { title: 'reset.newTitle', token: validToken(token) ? token : '' }, validToken(token) ? 200 : 404);
  }

  @Post('password-reset/:token')
  @Public()
  @SignInRoute()
  @HttpCode(200)
  async reset(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('token') token: string): Promise<void> {
    const body = formBody(req.body);
    const password = field(body, 'password', true) ?? '';
    try {
      if (password !== (field(body, 'confirm', true) ?? '')) throw refuse('auth.passwords-differ', 'the two passwords differ');
      const dto = await validated(PasswordResetConfirmDto, { token, password });
      await this.resets.confirm(dto.token, dto.password);
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      // The same page again, the refusal beside the field it is about (a spent or expired link's in the summary); nothing is kept: both fields are passwords.
      const form: FormState = { values: {}, refusal: r, labels: RESET_LABELS, fieldOf: RESET_FIELDS };
      return this.pages.render(req, reply, 'password-reset', { title: 'reset.newTitle', token: validToken(token) ? token : '', form }, r.status);
    }
    // Every session of the account has ended, this browser's included: sign in again, second factor and all.
    if (req.viewer) this.pages.endSession(reply);
    this.pages.redirect(reply, '/login', { kind: 'ok', key: 'reset.done' });
  }

  /** A new batch of recovery codes after the password and a code again; shown once. */
  @Post('account/recovery-codes')
  @OwnAccount()
  @HttpCode(200)
  async regenerate(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    let codes: string[];
    try {
      const dto = await validated(RegenerateRecoveryCodesDto, { currentPassword: field(body, 'currentPassword', true), ...ownerProofField(field(body, 'code')) });
      codes = await this.totp.regenerateRecoveryCodes(req.viewer!, { currentPassword: dto.currentPassword, code: dto.code, recoveryCode: dto.recoveryCode });
    } catch (err) {
      const r = refusal(err);
      if (!r) throw err;
      // The account page again, the refusal beside the field of this form (the password and the code are typed again).
      const form: FormState = {
        name: 'recovery',
        values: {},
        refusal: asFormFields(r, { recoveryCode: 'code' }),
        ids: PROOF_IDS('recovery'),
        labels: PROOF_LABELS,
        fieldOf: PROOF_FIELDS,
      };
      return this.pages.render(req, reply, 'account', { title: 'account.title', ...(await this.pages.accountExtras(req.viewer!)), form }, r.status);
    }
    await this.showCodes(req, reply, codes, '/account');
  }

  showCodes(req: PageRequest, reply: FastifyReply, codes: string[], next: string): Promise<void> {
    return this.pages.render(req, reply, 'recovery-codes', { title: 'recovery.title', codes, next });
  }
}

const validToken = (t: string) => /^[A-Za-z0-9_-]{20,200}$/.test(t);

const RESET_LABELS = { password: 'invitation.password', confirm: 'invitation.confirm' };
/** The password rules' refusals beside the new password (as the invitation and the password change place them), a mismatch beside the confirmation. */
const RESET_FIELDS: FormState['fieldOf'] = { ...passwordRuleFields('password'), 'auth.passwords-differ': 'confirm' };
