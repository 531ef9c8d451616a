import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { classifyFault, faultCode } from './faults.js';

/**
 * A job repeated in the background (outbox dispatch, digest, SLA sweep, database upkeep): never two
 * runs at once, a failure logged rather than thrown, and at shutdown no new run while the one in
 * hand is awaited.
 */
export class BackgroundTask {
  private running: Promise<unknown> | null = null;
  private lastFaultLogged = 0;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(everyMs: number): void {
    this.scheduler.addInterval(
      this.name,
      setInterval(() => void this.tick(), everyMs),
    );
  }

  async stop(): Promise<void> {
    if (this.scheduler.doesExist('interval', this.name)) this.scheduler.deleteInterval(this.name);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.work().catch((err: Error) => {
      // The database busy, gone or full: the next run tries again; one line now and then is enough.
      const fault = classifyFault(err);
      if (!fault) return this.logger.error({ errName: err.name, errMessage: err.message }, `${this.name} failed`);
      const now = Date.now();
      if (now - this.lastFaultLogged < 60_000) return;
      this.lastFaultLogged = now;
      this.logger.warn({ fault, code: faultCode(err) }, `${this.name} could not run (${fault}); it tries again on its next run`);
    });
    await this.running;
    this.running = null;
  }
}
