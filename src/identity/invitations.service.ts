import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ServiceKeys } from '../crypto/service-keys.js';
import { Outbox } from '../events/outbox.js';
import { InvitationRepository } from './invitation.repository.js';
import { newSecretToken } from './tokens.js';

/** The sealing context of an invitation link in its outbox event: the link is a secret until it is mailed. */
export const invitationLinkContext = (userId: string) => `invitation-link:${userId}`;

@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly outbox: Outbox,
    private readonly keys: ServiceKeys,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Records a new single-use invitation (retiring older ones) and, in the same transaction, the
   * event that mails its link; the link travels sealed, so the database never holds it readable.
   */
  async issue(userId: string, actorId: string | null, em: EntityManager): Promise<void> {
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
    const link = `${this.config.publicUrl}/invitations/${token}`;
    await this.outbox.enqueue(em, {
      kind: 'user.invited',
      actorId,
      payload: { userId, linkSealed: this.keys.sealSecret(link, invitationLinkContext(userId)) },
    });
  }
}
