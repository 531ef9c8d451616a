import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BackgroundTask } from '../common/background-task.js';
import { Clock } from '../common/clock.js';
import { DataKeys } from '../crypto/data-keys.js';
import { searchPrefixes, searchWords } from '../crypto/search-words.js';
import { ServiceKeys } from '../crypto/service-keys.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { InquiryRepository } from './inquiry.repository.js';
import { SUBJECT } from './inquiry.view.js';

const JOB = 'subject-prefixes';
const BATCH = 200;

/**
 * Fills inquiry_prefix_token for the inquiries filed before it existed. Only the service can: the
 * subjects are sealed, so no migration could read them. Runs at start in the background, a batch
 * at a time in order of id, each batch in one transaction with the point it reached, so that a
 * restart goes on from there; inquiries filed meanwhile have their tokens from intake and are
 * passed over (an insert keeps those already there), as are those of another instance doing the
 * same at once. Until it is done, a search still finds whole words in every inquiry.
 */
@Injectable()
export class SubjectPrefixBackfill implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: BackgroundTask;
  private readonly logger = new Logger(SubjectPrefixBackfill.name);
  private done = false;

  constructor(
    private readonly inquiries: InquiryRepository,
    private readonly dataKeys: DataKeys,
    private readonly serviceKeys: ServiceKeys,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    scheduler: SchedulerRegistry,
  ) {
    this.task = new BackgroundTask(scheduler, 'subject-prefix-backfill', () => this.step(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start(500);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Runs to the end (tests, and the CLI if it ever needs to); returns how many inquiries were read. */
  async runToEnd(): Promise<number> {
    this.done = false;
    let total = 0;
    for (let n = await this.step(); n > 0; n = await this.step()) total += n;
    return total;
  }

  /** One batch; 0 once there is nothing left to do. */
  async step(): Promise<number> {
    if (this.done) return 0;
    const state = await this.inquiries.backfillCursor(JOB);
    if (!state) {
      this.done = true;
      return 0;
    }
    return this.tx.run(async (em) => {
      const rows = await this.inquiries.subjectsForSystem(state.cursor, BATCH, em);
      for (const r of rows) {
        if (r.purgedAt || !r.wrappedKey) continue;
        const words = searchWords(this.dataKeys.cipher(r.id, r.wrappedKey).openText(SUBJECT, r.subjectSealed));
        await this.inquiries.insertPrefixTokens(
          r.id,
          searchPrefixes(words).map((w) => this.serviceKeys.searchToken(w)),
          em,
        );
      }
      const last = rows.at(-1)?.id ?? state.cursor;
      await this.inquiries.saveBackfill(JOB, last, rows.length < BATCH ? this.clock.iso() : null, em);
      if (rows.length < BATCH) this.logger.log(`the beginnings of subject words are indexed for every inquiry`);
      return rows.length;
    });
  }
}
