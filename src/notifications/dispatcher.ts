import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BackgroundTask } from '../common/background-task.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ServiceKeys } from '../crypto/service-keys.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { invitationLinkContext } from '../identity/invitations.service.js';
import { resetLinkContext } from '../identity/password-reset/password-reset.service.js';
import type { User } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import type { Delivery } from './delivery.entity.js';
import { MAIL_LANGUAGES, pickLanguage, type MailLanguage } from './mail-templates.js';
import { MailService } from './mail.service.js';
import { NotificationRepository } from './notification.repository.js';
import type { OutboxEvent } from '../events/outbox-event.entity.js';
import { RecipientResolver } from './recipients.js';
import { PERSONAL_EVENTS } from './routing.js';

const BATCH = 20;

export interface DrainResult {
  expanded: number;
  sent: number;
  failed: number;
}

/**
 * Delivers the outbox: expands each event into deliveries (in-app at once; email now, in the daily
 * digest or not at all, by preference), then sends due emails with retries and backoff, parking
 * the ones that keep failing. A crash between sending and recording resends after the lease;
 * it never drops a mail. Runs in the background; the user's request never waits for it.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Dispatcher.name);
  private readonly task: BackgroundTask;

  constructor(
    private readonly repo: NotificationRepository,
    private readonly recipients: RecipientResolver,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly keys: ServiceKeys,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new BackgroundTask(scheduler, 'outbox-dispatcher', () => this.drain(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.notify.intervalMs > 0) this.task.start(this.config.notify.intervalMs);
  }

  /** Stops claiming work and waits for the batch in hand. */
  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** Everything that is due now: expand every waiting event, then send every due email. */
  async drain(): Promise<DrainResult> {
    const result: DrainResult = { expanded: 0, sent: 0, failed: 0 };
    for (let n = await this.expandBatch(); n > 0; n = await this.expandBatch()) result.expanded += n;
    for (;;) {
      const batch = await this.claim((now, lease) => this.tx.run((em) => this.repo.claimDueEmails(now, lease, BATCH, em)));
      if (batch.length === 0) return result;
      for (const d of batch) {
        if (await this.send(d)) result.sent += 1;
        else result.failed += 1;
      }
    }
  }

  private async expandBatch(): Promise<number> {
    const events = await this.claim((now, lease) => this.tx.run((em) => this.repo.claimEvents(now, lease, BATCH, em)));
    for (const event of events) await this.expand(event);
    return events.length;
  }

  private async claim<T>(work: (now: string, leaseUntil: string) => Promise<T>): Promise<T> {
    const now = this.clock.now();
    return work(now.toISOString(), new Date(now.getTime() + this.config.notify.leaseMs).toISOString());
  }

  private async expand(event: OutboxEvent): Promise<void> {
    const { users, reference } = await this.recipients.resolve(event);
    const prefs = new Map((await this.repo.preferences(users.map((u) => u.id))).map((p) => [p.userId, p.email]));
    const now = this.clock.iso();
    const row = (u: User, channel: Delivery['channel'], status: Delivery['status']): Delivery => ({
      id: newId(),
      eventId: event.id,
      eventKind: event.kind,
      inquiryId: event.inquiryId,
      reference,
      recipientId: u.id,
      channel,
      status,
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      sentAt: status === 'sent' ? now : null,
      readAt: null,
      createdAt: now,
    });
    const rows: Delivery[] = [];
    for (const u of users) {
      if (PERSONAL_EVENTS.has(event.kind)) {
        rows.push(row(u, 'email', 'pending'));
        continue;
      }
      rows.push(row(u, 'in-app', 'sent'));
      const pref = prefs.get(u.id) ?? 'immediate';
      if (pref !== 'off') rows.push(row(u, 'email', pref === 'daily' ? 'held' : 'pending'));
    }
    await this.tx.run(async (em) => {
      await this.repo.addDeliveries(rows, em);
      await this.repo.markProcessed(event.id, now, em);
    });
  }

  private async send(d: Delivery): Promise<boolean> {
    try {
      const [user] = await this.users.byIds([d.recipientId]);
      if (!user?.active) {
        await this.repo.updateDelivery(d.id, { status: 'failed', lastError: 'recipient inactive', leaseUntil: null });
        return false;
      }
      const to = { email: user.email, language: pickLanguage(user.languages) };
      if (d.eventKind === 'user.invited') {
        const event = await this.repo.event(d.eventId);
        const { linkSealed } = JSON.parse(event?.payload ?? '{}') as { linkSealed?: string };
        if (!linkSealed) throw new Error('invitation event without a link');
        await this.mail.send(to, 'invitation', { name: user.name, link: this.keys.openSecret(linkSealed, invitationLinkContext(user.id)) });
      } else if (d.eventKind === 'user.password-reset-requested') {
        const event = await this.repo.event(d.eventId);
        const { linkSealed, language } = JSON.parse(event?.payload ?? '{}') as { linkSealed?: string; language?: string };
        if (!linkSealed) throw new Error('password reset event without a link');
        const mailTo = language && (MAIL_LANGUAGES as readonly string[]).includes(language) ? { ...to, language: language as MailLanguage } : to;
        await this.mail.send(mailTo, 'passwordReset', { link: this.keys.openSecret(linkSealed, resetLinkContext(user.id)) });
      } else if (PERSONAL_EVENTS.has(d.eventKind)) {
        await this.mail.send(to, 'notice', { kind: d.eventKind, link: this.linkFor({ inquiryId: null }) });
      } else {
        await this.mail.send(to, 'event', { reference: d.reference ?? '', kind: d.eventKind, link: this.linkFor(d) });
      }
      await this.repo.updateDelivery(d.id, { status: 'sent', sentAt: this.clock.iso(), attempts: d.attempts + 1, leaseUntil: null, lastError: null });
      return true;
    } catch (err) {
      await this.recordFailure(d, err as Error);
      return false;
    }
  }

  private async recordFailure(d: Delivery, err: Error): Promise<void> {
    const attempts = d.attempts + 1;
    const { maxAttempts, retryBaseMs } = this.config.notify;
    const parked = attempts >= maxAttempts;
    const next = new Date(this.clock.now().getTime() + retryBaseMs * 2 ** (attempts - 1)).toISOString();
    // The SMTP server's words, cut short: it never saw any content, so it cannot echo any.
    const lastError = `${err.name}: ${err.message}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
    await this.repo.updateDelivery(d.id, { attempts, status: parked ? 'failed' : 'pending', nextAttemptAt: next, leaseUntil: null, lastError });
    this.logger.warn({ deliveryId: d.id, attempts, parked, errName: err.name }, 'mail delivery failed');
  }

  private linkFor(d: Pick<Delivery, 'inquiryId'>): string {
    return d.inquiryId ? `${this.config.publicUrl}/inquiries/${d.inquiryId}` : `${this.config.publicUrl}/`;
  }
}
