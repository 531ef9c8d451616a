import { spawn, type ChildProcess } from 'node:child_process';
import { builtScript } from './spawn.js';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hook runs, as in a crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Every server process this test file started that has not exited yet (see killServerProcesses). */
const running = new Set<ChildProcess>();
let ended = false;

/**
 * For an afterAll: kills (SIGKILL) every server process the test file started that still runs,
 * one still starting as well, and refuses to start any more. A test that timed out goes on
 * running in the background: whatever it would start after this fails at once, rather than
 * leave a process that keeps jest from ending.
 */
export async function killServerProcesses(): Promise<void> {
  ended = true;
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** The built service (dist/src/main.js) in a process of its own, ready once /health answers. */
export async function startServerProcess(env: Record<string, string>, port: number): Promise<ServerProcess> {
  if (ended) throw new Error('the test has ended: no server process is started after it');
  const child = spawn(process.execPath, [builtScript('main')], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a loaded 2-core machine a cold start (migrations, key derivation) takes seconds.
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited: ${out}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      // Never leave the child behind a failed start: it would hold the port and the database.
      child.kill('SIGKILL');
      await exited;
      throw new Error(`server did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, child, output: () => out, crash: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
