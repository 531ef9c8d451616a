import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';

const HOUR = 3_600_000;

/** Keeps SQLite's planner statistics current as the archive grows (PRAGMA optimize, hourly). */
@Injectable()
export class SqliteMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'better-sqlite3') return;
    this.scheduler.addInterval('sqlite-optimize', setInterval(() => void this.dataSource.query('PRAGMA optimize').catch(() => undefined), HOUR));
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', 'sqlite-optimize')) this.scheduler.deleteInterval('sqlite-optimize');
  }
}
