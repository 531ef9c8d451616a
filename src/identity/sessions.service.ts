import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { SessionScope, Viewer } from '../common/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { SessionChannel } from './session.entity.js';
import { SessionRepository } from './session.repository.js';
import { hashToken, newSecretToken } from './tokens.js';
import { toUserView, type UserView } from './user.view.js';

export interface ResolvedSession {
  viewer: Viewer;
  scope: SessionScope;
  /** A web session's account as the pages' header shows it, read with the session (UsersService.me reads it alone). */
  account?: UserView;
  /** A web session's columns added by readWithWebSession, by name, as read with the session. */
  extras?: Record<string, unknown>;
}

// Recording activity on every request would make every read a write; once a minute is enough
// for a 30-minute idle limit.
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(userId: string, scope: SessionScope, channel: SessionChannel, em: EntityManager): Promise<string> {
    const { token, hash } = newSecretToken();
    const now = this.clock.now();
    await this.sessions.insert(
      {
        id: newId(),
        tokenHash: hash,
        userId,
        scope,
        channel,
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.config.sessionAbsoluteMs).toISOString(),
      },
      em,
    );
    return token;
  }

  /**
   * The viewer behind a bearer token or a session cookie, or null when it is unknown, idle too
   * long, expired or its user inactive. With `channel`, a session opened on the other channel is
   * unknown here (a web session is no bearer token, an API token no cookie).
   */
  async resolve(token: string, channel?: SessionChannel): Promise<ResolvedSession | null> {
    if (token.length < 20 || token.length > 200) return null;
    const session = await this.sessions.findByTokenHash(hashToken(token), channel === 'web');
    if (!session || (channel !== undefined && session.channel !== channel)) return null;
    const now = this.clock.now();
    const idleSince = now.getTime() - Date.parse(session.lastSeenAt);
    if (!session.user.active || idleSince > this.config.sessionIdleMs || now.toISOString() >= session.expiresAt) {
      await this.sessions.delete(session.id);
      return null;
    }
    if (idleSince > TOUCH_EVERY_MS) await this.sessions.touch(session.id, now.toISOString());
    const { user } = session;
    return {
      scope: session.scope,
      viewer: { userId: user.id, role: user.role, organizationId: user.organizationId, sessionId: session.id, organizationCountry: user.organizationCountry ?? undefined },
      account: session.shown ? toUserView(session.shown) : undefined,
      extras: session.extras,
    };
  }

  /**
   * Something every page shows of the signed-in user that another module owns, read with the web
   * session in its one statement (see SessionRepository.addWebColumn): `sql` an expression of the
   * user's id `u.id`. Called from constructors only.
   */
  readWithWebSession(name: string, sql: string): void {
    this.sessions.addWebColumn(name, sql);
  }

  end(sessionId: string, em?: EntityManager): Promise<void> {
    return this.sessions.delete(sessionId, em);
  }

  endAllFor(userId: string, em: EntityManager, exceptSessionId?: string): Promise<void> {
    return this.sessions.deleteForUser(userId, em, exceptSessionId);
  }
}

/**
 * The web session cookie: `__Host-` prefixed (which requires Secure, Path=/ and no Domain) when the
 * service is served over HTTPS; a plain name over HTTP, where a browser refuses the prefix.
 */
export function sessionCookie(publicUrl: string): { name: string; secure: boolean } {
  const secure = publicUrl.startsWith('https:');
  return { name: secure ? '__Host-cti-session' : 'cti-session', secure };
}
