import type { TestApp } from './app.js';

/** Counts the SQL statements the service runs while `work` runs (through TypeORM's logger hook). */
export async function countQueries(t: TestApp, work: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const logger = t.dataSource.logger;
  const original = logger.logQuery.bind(logger);
  const statements: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    statements.push(query);
    return original(query, parameters, runner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return { count: statements.length, statements };
}
