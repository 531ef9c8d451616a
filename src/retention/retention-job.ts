import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BackgroundTask } from '../common/background-task.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RetentionService } from './retention.service.js';

const HOUR = 3_600_000;

/**
 * The purge in the background. It looks every hour (a service restarted every day still purges),
 * and finds something about once a day at most; `npm run cli -- retention:purge` does the same at once.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: BackgroundTask;
  private readonly logger = new Logger(RetentionJob.name);

  constructor(
    private readonly retention: RetentionService,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new BackgroundTask(scheduler, 'retention-purge', () => this.run(), this.logger);
  }

  onApplicationBootstrap(): void {
    // Like the other background jobs: off when tests drive them by hand (NOTIFY_INTERVAL_MS=0).
    if (this.config.notify.intervalMs > 0) this.task.start(HOUR);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async run(): Promise<void> {
    const { purged, keysDestroyed } = await this.retention.purge();
    if (purged > 0) this.logger.log({ purged, keysDestroyed }, 'retention purge');
  }
}
