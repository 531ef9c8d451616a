import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ReportTallies } from '../../src/reports/report-tallies.js';
import { alternate, type Load } from './drive.js';
import { cpuSeconds, startBare, startService, type Running } from './processes.js';
import { BENCH_PASSWORD, Seeder, type World } from './seed.js';
import { uploadWorkload, type UploadFigures } from './uploads.js';

/**
 * npm run bench: the whole service against a bare node:http + SQL reference, at several archive
 * sizes. Options (environment): BENCH_SIZES=1000,10000,100000  BENCH_DURATION=10 (measured seconds per server)  BENCH_WARMUP=10
 * BENCH_WORKLOADS=W1,W2,W3,W4,W5,W6,W7,W8  BENCH_SETTLE_SECONDS=60 (W8)  BENCH_DATABASE_URL=postgres://... (default: fresh SQLite files).
 * One database per size, all sizes of a workload driven in the same alternating rounds (drive.ts).
 * BENCH_PORT=3400 (first port used). BENCH_TWO_INSTANCES=W1,W2 (PostgreSQL): those workloads also on two instances of the service on
 * one database, both driven at once, beside one instance alone (see twoInstances).
 * BENCH_AGAINST=/path/to/another/checkout (built): that checkout's service in place of the bare reference, driven with the same
 * requests in the same rounds, so that two builds are compared under the same load (the "bare" columns are then its figures).
 */
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const duration = Number(process.env.BENCH_DURATION ?? 10);
// Rounds of about 2 s each, alternating service and bare reference (see drive.ts).
// A warm-up of each server before its rounds (BENCH_WARMUP seconds): a freshly started service
// spends its first 15-20 s compiling and growing its heap (CPU per request 1.5-2x the steady
// figure, measured), which a long-running service has behind it.
const warmup = Number(process.env.BENCH_WARMUP ?? 10);
const timing = { warmup, duration, rounds: Math.max(1, Math.round(duration / 2)) };
const only = new Set((process.env.BENCH_WORKLOADS ?? 'W1,W2,W3,W4,W5,W6,W7,W8').split(','));
const ROOT = resolve(import.meta.dirname, '../../..');
// BENCH_PORT: the first of the ports the run listens on (it uses up to 300 above it), so that two benches on one machine do not clash.
const basePort = Number(process.env.BENCH_PORT ?? 3400);
const twoInstanceWorkloads = (process.env.BENCH_TWO_INSTANCES ?? '').split(',').filter((w) => w !== '');
// Two builds compared in the same rounds (see the options above): one after the other, the machine's
// speed of the moment (it changes by a sixth from one run to the next here) hides a change of a tenth.
const against = process.env.BENCH_AGAINST ? resolve(process.env.BENCH_AGAINST) : undefined;

/** One workload on one instance and on two instances of one database driven at once, in the same rounds. */
interface TwoInstancesRow {
  workload: string;
  database: 'sqlite' | 'postgres';
  inquiries: number;
  oneRps: number;
  oneP99: number;
  oneCpuMs: number;
  twoRps: number;
  twoP99: number;
  twoCpuMs: number;
  bareRps: number;
}

interface RunRow {
  workload: string;
  database: 'sqlite' | 'postgres';
  inquiries: number;
  rps: number;
  p50: number;
  p99: number;
  bareRps: number;
  bareP50: number;
  bareP99: number;
  ratio: number;
  rssMB: number;
  cpuMs: number;
  bareCpuMs: number;
  /** PostgreSQL: its backends' CPU ms per request on the bench's database, the service's and the bare reference's. */
  dbCpuMs?: number;
  bareDbCpuMs?: number;
}

const progress = (line: string) => process.stderr.write(`\r\x1b[2K[bench] ${line}`);

async function database(dataDir: string, size: number): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) return { url: `sqlite:${join(dataDir, 'bench.sqlite')}`, drop: async () => undefined };
  const name = `cti_bench_${Date.now()}_${size}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function login(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`bench login failed for ${email}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Signs in through the sign-in page as a browser would; returns the Cookie header of the session. */
async function webSession(url: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${url}/login`);
  keep(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ email, password: BENCH_PASSWORD, _csrf: token }).toString(),
  });
  keep(res);
  if (res.status >= 400) throw new Error(`bench web sign-in failed: ${res.status}`);
  return cookie();
}

/** A year's report over the whole archive (the seeder files every inquiry from 400 days ago on, one a second). */
function yearOfArchive(): string {
  const from = new Date(Date.now() - 401 * 86_400_000);
  const to = new Date(from.getTime() + 364 * 86_400_000);
  return `from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`;
}

/** Each workload: the requests it sends and as whom, and the bare request that stands for it. */
function workloads(world: World) {
  // W4 lists as the requester whose own list is the same 200 inquiries at every size (see
  // requesterIndex); W1 files as another one, so that intake grows the archive rather than that list.
  const requester = world.requesters[0];
  const filer = world.requesters[1];
  const thread = world.inProgress.find((i) => i.messages === 20) ?? world.inProgress[0];
  const replyTarget = world.inProgress[1] ?? thread;
  const replier = world.requesters.find((r) => r.id === replyTarget.requesterId)!;
  const reader = world.requesters.find((r) => r.id === thread.requesterId)!;
  const filing = JSON.stringify({
    subject: 'Bench intake about custody registers',
    body: 'How should a custody register be kept?',
    topics: ['police-custody-safeguards'],
    language: 'en',
  });
  return (
    [
      { name: 'W1', as: filer.email, bare: 'insert', requests: [{ method: 'POST' as const, path: '/api/v1/inquiries', body: filing }] },
      {
        name: 'W2',
        as: replier.email,
        bare: 'insert',
        requests: [{ method: 'POST' as const, path: `/api/v1/inquiries/${replyTarget.id}/messages`, body: JSON.stringify({ body: 'A bench reply.' }) }],
      },
      { name: 'W3', as: world.secretariat.email, bare: 'page', requests: [{ method: 'GET' as const, path: '/api/v1/inquiries?status=in-progress&limit=25' }] },
      { name: 'W4', as: requester.email, bare: 'page', requests: [{ method: 'GET' as const, path: '/api/v1/inquiries?status=in-progress&limit=25' }] },
      {
        name: 'W5',
        as: reader.email,
        bare: 'page',
        requests: [
          { method: 'GET' as const, path: `/api/v1/inquiries/${thread.id}` },
          { method: 'GET' as const, path: `/api/v1/inquiries/${thread.id}/messages` },
        ],
      },
      { name: 'W6', as: world.secretariat.email, bare: 'page', web: true, requests: [{ method: 'GET' as const, path: '/inquiries?status=in-progress' }] },
      { name: 'W7', as: world.secretariat.email, bare: 'page', requests: [{ method: 'GET' as const, path: `/api/v1/reports?${yearOfArchive()}` }] },
    ]
      .filter((w) => only.has(w.name))
      // The reads first, on the archive as seeded: W1 and W2 each add thousands of inquiries or
      // messages in seconds (W1 some 7,000 fresh, not yet due inquiries at 1,000), which a read run
      // after them would count as part of the archive (the queue's tab counts, W6, doubled in cost).
      .sort((a, b) => Number(a.bare === 'insert') - Number(b.bare === 'insert'))
  );
}

/** One archive size: its own database, seeded up front, and the application context that seeded it. */
interface Store {
  size: number;
  dataDir: string;
  db: { url: string; drop(): Promise<void> };
  env: Record<string, string>;
  app: INestApplicationContext;
  world: World;
}

async function seed(size: number): Promise<Store> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti-bench-'));
  const db = await database(dataDir, size);
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    MFA_REQUIRED_ROLES: '',
    RATE_LIMIT_PER_MINUTE: '0',
    NOTIFY_INTERVAL_MS: '0',
    LOGIN_ATTEMPTS_PER_ADDRESS: '10000',
  };
  progress(`${size} inquiries: migrating and seeding`);
  // The seeding context stays open through the run: it must not be the one sealing the service's audit entries.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig({ ...env, AUDIT_SEAL_INTERVAL_MS: '0' })), { logger: false });
  const world = await new Seeder(app).growTo(size, (n) => progress(`seeding: ${n} / ${size} inquiries`));
  // The report tallies of the seed, folded as the service's background task would have done
  // within a minute (the bench runs it with NOTIFY_INTERVAL_MS=0): otherwise W7's first report
  // folds the whole archive's days inside its measured seconds.
  progress(`${size} inquiries: folding the report tallies`);
  await app.get(ReportTallies).refresh();
  return { size, dataDir, db, env, app, world };
}

/** The service and the bare reference of one workload on one store, started and signed in. */
async function start(w: Workload, store: Store, port: number): Promise<{ service: Running; bare: Running; loads: [Load, Load] }> {
  const profile = process.env.BENCH_PROFILE === w.name && store.size === Math.max(...sizes) ? join(ROOT, 'bench-profile') : undefined;
  const service = await startService(store.env, port, profile);
  const auth: Record<string, string> = 'web' in w ? { cookie: await webSession(service.url, w.as) } : { authorization: `Bearer ${await login(service.url, w.as)}` };
  // The bare reference's inserts go to a requester no workload reads as.
  const sink = store.world.requesters[store.world.requesters.length - 1];
  const dbCpu = backendsCpu(store.db.url);
  if (against) {
    // The other build's service on the same database, signed in by the same session.
    const other = (await import(pathToFileURL(join(against, 'dist/test/bench/processes.js')).href)) as { startService: typeof startService };
    const bare = await other.startService(store.env, port + 1);
    return {
      service,
      bare,
      loads: [
        { server: service, requests: w.requests, headers: auth, dbCpu },
        { server: bare, requests: w.requests, headers: auth, dbCpu },
      ],
    };
  }
  const bare = await startBare({ DATABASE_URL: store.db.url, BARE_REQUESTER_ID: sink.id, BARE_ORG_ID: sink.orgId }, port + 1);
  const bareRequest = w.bare === 'insert' ? { method: 'POST' as const, path: '/insert', body: '{}' } : { method: 'GET' as const, path: '/page?status=in-progress' };
  return {
    service,
    bare,
    loads: [
      { server: service, requests: w.requests, headers: auth, dbCpu },
      { server: bare, requests: [bareRequest], headers: {}, dbCpu },
    ],
  };
}

type Workload = ReturnType<typeof workloads>[number];

let monitor: pg.Client | undefined;

/**
 * PostgreSQL: the CPU time of the server processes connected to the bench's database (its
 * backends, read from /proc: the cluster runs on this machine), by process id. Undefined on SQLite
 * (in the service's own process) or when /proc shows nothing of the server.
 */
function backendsCpu(url: string): (() => Promise<Map<number, number>>) | undefined {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) return undefined;
  const name = new URL(url).pathname.slice(1);
  return async () => {
    if (!monitor) {
      monitor = new pg.Client({ connectionString: base });
      await monitor.connect();
    }
    const { rows } = await monitor.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
    return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
  };
}

/**
 * A workload on one instance of the service, then on two instances of the same database driven
 * at once (each its own 10 connections), and the bare reference, in alternating rounds: does a
 * second instance add throughput, or do they wait for each other in the database? (On one
 * 2-core machine the two instances also share the CPU with PostgreSQL and the load generator.)
 */
async function twoInstances(name: string, store: Store): Promise<TwoInstancesRow> {
  const w = workloads(store.world).find((x) => x.name === name);
  if (!w || 'web' in w) throw new Error(`BENCH_TWO_INSTANCES: ${name} is not an API workload of this run`);
  const { service, bare, loads } = await start(w, store, basePort + 200);
  let second: Running | undefined;
  try {
    second = await startService(store.env, basePort + 202);
    const auth = { authorization: `Bearer ${await login(second.url, w.as)}` };
    const secondLoad: Load = { server: second, requests: w.requests, headers: auth };
    const [one, two, ref] = await alternate([loads[0], [loads[0], secondLoad], loads[1]], timing);
    for (const f of [one, two]) if (f.errors > 0) throw new Error(`${name} on two instances: ${f.errors} failed requests`);
    return {
      workload: name,
      database: process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite',
      inquiries: store.size,
      oneRps: Math.round(one.rps),
      oneP99: one.p99,
      oneCpuMs: Number(one.cpuMs.toFixed(2)),
      twoRps: Math.round(two.rps),
      twoP99: two.p99,
      twoCpuMs: Number(two.cpuMs.toFixed(2)),
      bareRps: Math.round(ref.rps),
    };
  } finally {
    await second?.stop();
    await service.stop();
    await bare.stop();
  }
}

async function main(): Promise<void> {
  const stores: Store[] = [];
  const rows: RunRow[] = [];
  const pairs: TwoInstancesRow[] = [];
  let uploads: UploadFigures | null = null;
  try {
    // One database per size, so that every size of a workload is driven in the same rounds.
    for (const size of sizes) stores.push(await seed(size));
    const names = workloads(stores[0].world).map((w) => w.name);
    for (const name of names) {
      progress(`${name}: the service against the bare reference at ${sizes.join(', ')} inquiries`);
      const running: Running[] = [];
      try {
        const started = [];
        for (const [k, store] of stores.entries()) {
          const s = await start(
            workloads(store.world).find((w) => w.name === name)!,
            store,
            basePort + 2 * k,
          );
          running.push(s.service, s.bare);
          started.push(s);
        }
        const figures = await alternate(
          started.flatMap((s) => s.loads),
          timing,
        );
        for (const [k, store] of stores.entries()) {
          const [service, ref] = [figures[2 * k], figures[2 * k + 1]];
          if (service.errors > 0) throw new Error(`${name} at ${store.size}: ${service.errors} failed requests`);
          rows.push({
            workload: name,
            database: process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite',
            inquiries: store.size,
            rps: Math.round(service.rps),
            p50: service.p50,
            p99: service.p99,
            bareRps: Math.round(ref.rps),
            bareP50: ref.p50,
            bareP99: ref.p99,
            ratio: Number((service.rps / ref.rps).toFixed(2)),
            rssMB: Math.round(started[k].service.peakRssMB()),
            cpuMs: Number(service.cpuMs.toFixed(2)),
            bareCpuMs: Number(ref.cpuMs.toFixed(2)),
            ...(process.env.BENCH_DATABASE_URL ? { dbCpuMs: Number(service.dbCpuMs.toFixed(2)), bareDbCpuMs: Number(ref.dbCpuMs.toFixed(2)) } : {}),
          });
        }
      } finally {
        for (const r of running) await r.stop();
      }
      // The write workloads add tens of thousands of rows: on PostgreSQL, bring the planner's
      // statistics up to date as autovacuum would, or the next reads are planned for a smaller table.
      if (process.env.BENCH_DATABASE_URL) for (const store of stores) await store.app.get(DataSource).query('ANALYZE');
    }
    for (const name of twoInstanceWorkloads) {
      progress(`${name}: one instance, then two on one database at once, at ${stores[0].size} inquiries`);
      pairs.push(await twoInstances(name, stores[0]));
    }
    if (only.has('W8')) {
      progress(`W8: ${10} concurrent 15 MB uploads and downloads at ${stores[0].size} inquiries, then ${process.env.BENCH_SETTLE_SECONDS ?? 60} s idle`);
      uploads = await uploadWorkload(stores[0].env, stores[0].world, basePort + 100);
    }
  } finally {
    await monitor?.end();
    for (const store of stores) {
      await store.app.close();
      // BENCH_KEEP=1 keeps every seeded database (folder, and PostgreSQL database) for a closer look.
      if (process.env.BENCH_KEEP) process.stderr.write(`\nkept ${store.dataDir} ${store.db.url}\n`);
      else {
        await store.db.drop();
        rmSync(store.dataDir, { recursive: true, force: true });
      }
    }
  }
  progress('done\n');
  rows.sort((a, b) => a.inquiries - b.inquiries);
  report(rows, uploads, pairs);
}

function report(rows: RunRow[], uploads: UploadFigures | null, pairs: TwoInstancesRow[]): void {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`;
  const lines = [
    `machine: ${machine}`,
    ...(against ? ['', `BENCH_AGAINST: the "bare" columns are the service of ${against}, driven with the same requests in the same rounds.`] : []),
    '',
    '| workload | inquiries | req/s | p50 ms | p99 ms | bare req/s | bare p99 ms | ratio | RSS MB | CPU ms/req | bare CPU ms/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  if (rows.length === 0) lines.splice(1);
  for (const r of rows)
    lines.push(`| ${r.workload} | ${r.inquiries} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bareRps} | ${r.bareP99} | ${r.ratio} | ${r.rssMB} | ${r.cpuMs} | ${r.bareCpuMs} |`);
  if (rows.some((r) => r.dbCpuMs !== undefined)) {
    lines.push('', "PostgreSQL's backends, CPU ms/req (service / bare):");
    for (const r of rows) lines.push(`  ${r.workload} at ${r.inquiries}: ${r.dbCpuMs} / ${r.bareDbCpuMs}`);
  }
  if (uploads) {
    const u = uploads;
    lines.push(
      '',
      `W8 (10 concurrent 15 MB uploads, then their downloads): RSS idle ${u.idleMB} MB, peak ${u.peakMB} MB, settled ${u.settledMB} MB after ${u.settleSeconds} s (uploads ${u.uploadSeconds.toFixed(1)} s, downloads ${u.downloadSeconds.toFixed(1)} s)`,
    );
  }
  const first = Math.min(...rows.map((r) => r.inquiries));
  const last = Math.max(...rows.map((r) => r.inquiries));
  if (rows.length > 0 && first !== last) {
    lines.push('', `p99 at ${last} / p99 at ${first}:`);
    for (const w of [...new Set(rows.map((r) => r.workload))]) {
      const a = rows.find((r) => r.workload === w && r.inquiries === first);
      const b = rows.find((r) => r.workload === w && r.inquiries === last);
      if (a && b) lines.push(`  ${w}: ${(b.p99 / Math.max(a.p99, 1)).toFixed(2)}`);
    }
  }
  if (pairs.length > 0) {
    lines.push(
      '',
      'two instances on one database, driven at once, against one alone (same rounds):',
      '',
      '| workload | inquiries | one req/s | one p99 ms | two req/s (sum) | two p99 ms | two / one | bare req/s | CPU ms/req one | CPU ms/req two |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const p of pairs)
      lines.push(
        `| ${p.workload} | ${p.inquiries} | ${p.oneRps} | ${p.oneP99} | ${p.twoRps} | ${p.twoP99} | ${(p.twoRps / Math.max(p.oneRps, 1)).toFixed(2)} | ${p.bareRps} | ${p.oneCpuMs} | ${p.twoCpuMs} |`,
      );
  }
  process.stdout.write(lines.join('\n') + '\n');
  writeFileSync(join(ROOT, 'bench-results.json'), JSON.stringify({ machine, runs: rows, uploads, twoInstances: pairs }, null, 2) + '\n');
}

await main().catch((err: Error) => {
  process.stderr.write(`\nbench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
