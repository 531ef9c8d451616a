import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { BackgroundTask } from '../common/background-task.js';

const HOUR = 3_600_000;

/** Keeps SQLite's planner statistics current as the archive grows (PRAGMA optimize, hourly). */
@Injectable()
export class SqliteMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: BackgroundTask;

  constructor(
    private readonly dataSource: DataSource,
    scheduler: SchedulerRegistry,
  ) {
    this.task = new BackgroundTask(scheduler, 'sqlite-optimize', () => this.dataSource.query('PRAGMA optimize'), new Logger(SqliteMaintenance.name));
  }

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'better-sqlite3') return;
    this.task.start(HOUR);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
