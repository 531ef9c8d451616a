import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config.js';
import { ConfigError, validateEnv } from '../../src/config/env.js';

const refusal = (env: Record<string, string>): string => {
  try {
    validateEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('validateEnv', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '3000.5'],
    ['MASTER_KEY', 'short'],
    ['MASTER_KEY', randomBytes(31).toString('base64')],
    ['MASTER_KEY_PREVIOUS', 'short'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'sqlite:'],
    ['SMTP_URL', 'http://x'],
    ['PUBLIC_URL', 'ftp://advice.example.org'],
    ['MFA_REQUIRED_ROLES', 'secretariat,admin'],
    ['LOG_LEVEL', 'loud'],
    ['MAIL_FROM', 'a\nBcc: victim@example.org'],
    ['BOOTSTRAP_ADMIN_EMAIL', 'not-an-email'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['INVITATION_TTL_HOURS', 'soon'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '10.0.0.300'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1,,10.0.0.2'],
  ])('refuses %s=%j with one line naming the variable', (name, value) => {
    const message = refusal({ [name]: value, ...(name === 'BOOTSTRAP_ADMIN_EMAIL' ? { BOOTSTRAP_ADMIN_PASSWORD: 'a long enough passphrase' } : {}) });
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^Invalid configuration: /);
  });

  it('refuses one bootstrap variable without the other', () => {
    expect(refusal({ BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org' })).toMatch(/BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD/);
    expect(refusal({ BOOTSTRAP_ADMIN_PASSWORD: 'a long enough passphrase' })).toMatch(/BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD/);
  });

  it('accepts a complete, valid environment and converts numbers', () => {
    const key = randomBytes(32).toString('base64');
    const env = validateEnv({
      PORT: '8080',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://advice.example.org',
      DATABASE_URL: 'postgres://app@db.example.org:5432/advice',
      MASTER_KEY: key,
      SMTP_URL: 'smtps://user:pass@mail.example.org:465',
      MAIL_FROM: 'CTI Advice <no-reply@example.org>',
      MFA_REQUIRED_ROLES: 'secretariat, expert',
      LOG_LEVEL: 'warn',
      SESSION_IDLE_MINUTES: '15',
      TRUST_PROXY: 'true',
      UNRELATED: 'ignored',
    });
    expect(env).toMatchObject({ PORT: 8080, MASTER_KEY: key, SESSION_IDLE_MINUTES: 15, TRUST_PROXY: 'true' });
    expect(env).not.toHaveProperty('UNRELATED');
  });

  it('treats empty values as unset, except MFA_REQUIRED_ROLES where empty means none', () => {
    expect(validateEnv({ PORT: '', SMTP_URL: '' })).toMatchObject({ PORT: undefined, SMTP_URL: undefined });
    expect(loadConfig({ MFA_REQUIRED_ROLES: '' }).mfaRequiredRoles).toEqual([]);
  });

  it('reads TRUST_PROXY as a number of proxies or their addresses; true is one proxy, never "believe any X-Forwarded-For"', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16', '::1']);
  });

  it('makes the links in mails follow PORT unless PUBLIC_URL is set', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://advice.example.org/' }).publicUrl).toBe('https://advice.example.org');
  });

  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      mailFrom: 'CTI Advice <no-reply@localhost>',
      mfaRequiredRoles: ['secretariat', 'expert', 'observer'],
      logLevel: 'info',
      smtpUrl: undefined,
      masterKey: undefined,
      bootstrapAdmin: undefined,
      trustProxy: false,
    });
    expect(config.database).toEqual({ type: 'sqlite', path: expect.stringMatching(/\/data\/cti-advice\.sqlite$/) });
  });
});
