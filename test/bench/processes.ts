import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DIST = resolve(import.meta.dirname, '../..');

export interface Running {
  url: string;
  pid: number;
  /** The largest resident set seen so far, in MB. */
  peakRssMB(): number;
  /** The resident set now, in MB. */
  rssMB(): number;
  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** utime + stime from /proc/PID/stat (fields 14 and 15, after the parenthesised command name). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
// USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node).
const CLOCK_TICKS = 100;

function rssMB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function launch(script: string, env: Record<string, string>, ready: (url: string) => Promise<boolean>, port: number, nodeArgs: string[] = []): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, resolve(DIST, script)], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-4000)));
  child.stderr?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await ready(url).catch(() => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMB(child.pid!))), 250);
  return {
    url,
    pid: child.pid!,
    peakRssMB: () => Math.max(peak, rssMB(child.pid!)),
    rssMB: () => rssMB(child.pid!),
    cpuSeconds: () => cpuSeconds(child.pid!),
    stop: async () => {
      clearInterval(sampler);
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The Node.js flags of `npm start` (package.json), so that the bench measures the service as it is
 * run: e.g. the heap limits that keep its memory bounded.
 */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(DIST, '../package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** The environment `npm start` sets before `node` (e.g. MALLOC_ARENA_MAX=2). */
export function startEnv(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(resolve(DIST, '../package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  return Object.fromEntries(words.slice(0, words.indexOf('node')).map((w) => w.split('=') as [string, string]));
}

/** The service as `npm start` runs it; with BENCH_PROFILE=<workload> in the environment of the bench, under --cpu-prof. */
export const startService = (env: Record<string, string>, port: number, profileDir?: string) =>
  launch('src/main.js', { ...startEnv(), ...env }, async (url) => (await fetch(`${url}/health`)).ok, port, [
    ...startFlags(),
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  ]);

export const startBare = (env: Record<string, string>, port: number) => launch('test/bench/bare-server.js', env, async (url) => (await fetch(`${url}/page`)).ok, port);
