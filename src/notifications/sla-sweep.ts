import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AuditTrail } from '../audit/audit-trail.js';
import { BackgroundTask } from '../common/background-task.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { acknowledgeBy, SLA_RUNNING } from '../inquiries/sla.js';
import { NotificationRepository } from './notification.repository.js';
import { Outbox } from '../events/outbox.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Finds SLA breaches (not acknowledged within the working days allowed; not answered by the due
 * moment, paused while the requester is awaited) and raises one overdue event per breach, however
 * often it runs.
 */
@Injectable()
export class SlaSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: BackgroundTask;
  private readonly logger = new Logger(SlaSweep.name);

  constructor(
    private readonly inquiries: InquiriesService,
    private readonly repo: NotificationRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new BackgroundTask(scheduler, 'sla-sweep', () => this.run(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.notify.intervalMs > 0) this.task.start(MINUTE);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Returns how many new breaches were raised. */
  async run(): Promise<number> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const { ackWorkingDays } = this.config.sla;
    const candidates = await this.inquiries.slaCandidatesForSystem(nowIso, new Date(now.getTime() - ackWorkingDays * DAY).toISOString());
    let raised = 0;
    for (const i of candidates) {
      const breaches: Array<{ kind: 'acknowledge' | 'answer'; dueAt: string }> = [];
      const ackBy = acknowledgeBy(i.createdAt, ackWorkingDays);
      if (i.status === 'submitted' && ackBy < nowIso) breaches.push({ kind: 'acknowledge', dueAt: ackBy });
      if (SLA_RUNNING.includes(i.status) && i.slaDueAt && i.slaDueAt < nowIso) breaches.push({ kind: 'answer', dueAt: i.slaDueAt });
      for (const b of breaches) {
        const fresh = await this.tx.run(async (em) => {
          if (!(await this.repo.recordBreach({ inquiryId: i.id, kind: b.kind, dueAt: b.dueAt, detectedAt: nowIso }, em))) return false;
          await this.audit.record(em, { actorId: null, action: 'inquiry.overdue', inquiryId: i.id, details: { kind: b.kind, dueAt: b.dueAt } });
          await this.outbox.enqueue(em, { kind: 'inquiry.overdue', inquiryId: i.id, actorId: null, payload: { breach: b.kind } });
          return true;
        });
        if (fresh) raised += 1;
      }
    }
    return raised;
  }
}
