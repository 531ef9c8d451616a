import autocannon from 'autocannon';
import type { Running } from './processes.js';

/** What one server is driven with: the requests of a workload and their headers. */
export interface Load {
  server: Running;
  requests: autocannon.Request[];
  headers: Record<string, string>;
  /** The CPU seconds each of the database's server processes has used so far (PostgreSQL: its backends on the bench's database), by process id. */
  dbCpu?: () => Promise<Map<number, number>>;
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** The server's CPU time per request (user + system), in ms: steadier than req/s on a shared machine. */
  cpuMs: number;
  /** The database server's CPU time per request (PostgreSQL's backends on the bench's database), in ms; 0 when not measured. */
  dbCpuMs: number;
  errors: number;
}

export interface Timing {
  warmup: number;
  duration: number;
  rounds: number;
}

interface Round {
  url: string;
  raw: autocannon.Result & { totalCompletedRequests: number };
  cpuSeconds: number;
  dbCpuSeconds: number;
}

// Exported by autocannon (README: "autocannon.aggregateResult") but missing from its type definitions.
const aggregateResult = (autocannon as unknown as { aggregateResult(results: unknown[], opts: object): autocannon.Result }).aggregateResult;

/**
 * Drives several servers in alternating rounds (a warm-up each, then one round of each in turn,
 * again and again), so that a slow spell of a shared machine, which can last seconds and change
 * its speed by half, falls on all of them alike rather than on whichever ran at that moment. The
 * bench runs the service and the bare reference at every archive size in the same rounds: the
 * ratios and the growth of latency with size are then measured under the same conditions.
 * An entry that is a list of loads is driven all at once (two instances of the service on one
 * database, each with its own 10 connections): its figures are their sum (throughput, CPU) and
 * the percentiles of all their requests together.
 */
export async function alternate(loads: Array<Load | Load[]>, timing: Timing): Promise<Figures[]> {
  const groups = loads.map((l) => (Array.isArray(l) ? l : [l]));
  const seconds = timing.duration / timing.rounds;
  // The warm-up in rounds of the same length as well, one server after the other: warmed whole one
  // after the other, the first server sat idle through the others' warm-ups (30 s with two sizes)
  // before its first measured round, and was measured slower than an identical second one (the
  // queue page at 1,000 inquiries twice: 0.68 against 0.55 CPU ms per request), as a process left
  // idle that long is partly cold again.
  const warmRounds = Math.max(1, Math.round(timing.warmup / seconds));
  for (let n = 0; n < warmRounds; n++) for (const group of groups) await together(group, timing.warmup / warmRounds);
  const rounds: Round[][][] = groups.map(() => []);
  for (let n = 0; n < timing.rounds; n++) {
    for (const [i, group] of groups.entries()) rounds[i].push(await together(group, seconds));
  }
  return rounds.map(figures);
}

const together = (group: Load[], seconds: number): Promise<Round[]> => Promise.all(group.map((load) => round(load, seconds)));

async function round(load: Load, seconds: number): Promise<Round> {
  const dbBefore = await load.dbCpu?.();
  const before = load.server.cpuSeconds();
  const raw = (await autocannon({
    url: load.server.url,
    connections: 10,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...load.headers },
    requests: load.requests,
    // The raw result keeps its latency histogram, so that the rounds' latencies can be merged.
    skipAggregateResult: true,
  })) as Round['raw'];
  const cpuSeconds = load.server.cpuSeconds() - before;
  return { url: load.server.url, raw, cpuSeconds, dbCpuSeconds: dbBefore ? spent(dbBefore, (await load.dbCpu?.())!) : 0 };
}

/** CPU seconds the processes used between two readings (one that started meanwhile counts whole; one that ended is lost). */
function spent(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, s] of after) seconds += s - (before.get(pid) ?? 0);
  return seconds;
}

/**
 * One set of figures over all the rounds (each one or several servers driven at once): throughput
 * over their whole time, percentiles over all their requests.
 */
function figures(rounds: Round[][]): Figures {
  const parts = rounds.flat();
  const merged = aggregateResult(
    parts.map((r) => r.raw),
    { url: parts[0].url, connections: 10 },
  );
  const completed = parts.reduce((n, r) => n + r.raw.totalCompletedRequests, 0);
  // Servers driven at once share the round's time: each round counts for its longest part.
  const seconds = rounds.reduce((n, round) => n + Math.max(...round.map((r) => r.raw.duration)), 0);
  const cpuSeconds = parts.reduce((n, r) => n + r.cpuSeconds, 0);
  // Servers driven at once on one database: its processes' time counted once per round.
  const dbCpuSeconds = rounds.reduce((n, round) => n + Math.max(...round.map((r) => r.dbCpuSeconds)), 0);
  return {
    rps: completed / seconds,
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    cpuMs: (cpuSeconds * 1000) / Math.max(completed, 1),
    dbCpuMs: (dbCpuSeconds * 1000) / Math.max(completed, 1),
    errors: merged.errors + merged.non2xx,
  };
}
