import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AccessPolicy } from '../access/access-policy.js';
import { AuditCheckpoints } from '../audit/audit-checkpoints.js';
import { BackgroundTask } from '../common/background-task.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UsersService } from '../identity/users.service.js';
import type { Delivery } from './delivery.entity.js';
import { pickLanguage } from './mail-templates.js';
import { MailService } from './mail.service.js';
import { NotificationRepository } from './notification.repository.js';

const HOUR = 3_600_000;

/**
 * The daily digest: once a day, after DIGEST_HOUR_UTC, one email to each person who chose it,
 * listing only references and how many things happened on each (and, to the secretariat, the
 * audit trail's latest checkpoint).
 */
@Injectable()
export class DigestMailer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: BackgroundTask;
  private readonly logger = new Logger(DigestMailer.name);

  constructor(
    private readonly repo: NotificationRepository,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly checkpoints: AuditCheckpoints,
    private readonly policy: AccessPolicy,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new BackgroundTask(scheduler, 'daily-digest', () => this.run(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.notify.intervalMs > 0) this.task.start(HOUR / 4);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Sends the digests that are due; returns how many were sent. */
  async run(): Promise<number> {
    const now = this.clock.now();
    if (now.getUTCHours() < this.config.notify.digestHourUtc) return 0;
    const held = await this.repo.held(5000);
    const byRecipient = new Map<string, Delivery[]>();
    for (const d of held) byRecipient.set(d.recipientId, [...(byRecipient.get(d.recipientId) ?? []), d]);
    const due = await this.repo.digestDue([...byRecipient.keys()], new Date(now.getTime() - 20 * HOUR).toISOString());
    const users = new Map((await this.users.byIds([...due])).map((u) => [u.id, u]));
    let sent = 0;
    let fingerprint: string | null | undefined;
    for (const [recipientId, deliveries] of byRecipient) {
      const user = users.get(recipientId);
      if (!user?.active) continue;
      const counts = new Map<string, number>();
      for (const d of deliveries) counts.set(d.reference ?? '—', (counts.get(d.reference ?? '—') ?? 0) + 1);
      const items = [...counts].map(([reference, count]) => ({ reference, count }));
      // The secretariat's copy of the audit trail's latest checkpoint, kept outside the server.
      const viewer = { userId: user.id, role: user.role, organizationId: user.organizationId, sessionId: 'digest' };
      const checkpoint = this.policy.seesAuditCheckpoint(viewer) ? (fingerprint ??= this.checkpoints.latestFingerprint()) : null;
      await this.mail.send({ email: user.email, language: pickLanguage(user.languages) }, 'digest', { items, link: `${this.config.publicUrl}/`, checkpoint });
      const at = this.clock.iso();
      await this.tx.run(async (em) => {
        await this.repo.updateDeliveries(
          deliveries.map((d) => d.id),
          { status: 'sent', sentAt: at, attempts: 1 },
          em,
        );
        await this.repo.touchDigest(recipientId, at, em);
      });
      sent += 1;
    }
    return sent;
  }
}
