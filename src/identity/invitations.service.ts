import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { pickLanguage } from '../notifications/mail-templates.js';
import { MailService } from '../notifications/mail.service.js';
import { InvitationRepository } from './invitation.repository.js';
import { newSecretToken } from './tokens.js';
import type { User } from './user.entity.js';

@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly mail: MailService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records a new single-use invitation (retiring older ones) and returns its link. */
  async issue(userId: string, em: EntityManager): Promise<string> {
    const { token, hash } = newSecretToken();
    const now = this.clock.now();
    await this.invitations.retireOpenFor(userId, now.toISOString(), em);
    await this.invitations.insert(
      {
        id: newId(),
        tokenHash: hash,
        userId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.config.invitationTtlMs).toISOString(),
        usedAt: null,
      },
      em,
    );
    return `${this.config.publicUrl}/invitations/${token}`;
  }

  /** Sent after the commit; a failure is logged and the secretariat can invite again. */
  async deliver(user: User, link: string): Promise<void> {
    try {
      await this.mail.send({ email: user.email, language: pickLanguage(user.languages) }, 'invitation', { name: user.name, link });
    } catch (err) {
      this.logger.warn({ userId: user.id, errName: (err as Error).name }, 'invitation mail failed');
    }
  }
}
