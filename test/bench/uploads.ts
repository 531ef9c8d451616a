import { randomBytes } from 'node:crypto';
import { startService } from './processes.js';
import { BENCH_PASSWORD, type World } from './seed.js';

const FILES = 10;
const FILE_BYTES = 15 * 1024 * 1024;

export interface UploadFigures {
  idleMB: number;
  peakMB: number;
  settledMB: number;
  settleSeconds: number;
  uploadSeconds: number;
  downloadSeconds: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * W8: ten 15 MB uploads at once to one inquiry, then the ten downloaded at once, against the
 * service as `npm start` runs it. Reports its resident set before (idle), the peak during, and
 * after BENCH_SETTLE_SECONDS (60 by default) without requests (settled).
 */
export async function uploadWorkload(env: Record<string, string>, world: World, port: number): Promise<UploadFigures> {
  const service = await startService(env, port);
  try {
    const target = world.inProgress[0];
    const owner = world.requesters.find((r) => r.id === target.requesterId)!;
    const login = await fetch(`${service.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: BENCH_PASSWORD }),
    });
    const token = ((await login.json()) as { token: string }).token;
    await sleep(5_000);
    const idleMB = service.rssMB();
    const files = Array.from({ length: FILES }, (_, i) => Buffer.concat([Buffer.from(`%PDF-1.4\n% bench ${i}\n`), randomBytes(FILE_BYTES)]));
    const started = Date.now();
    const ids = await Promise.all(
      files.map(async (bytes, i) => {
        const form = new FormData();
        form.append('file', new Blob([bytes], { type: 'application/pdf' }), `bench-${i}.pdf`);
        const res = await fetch(`${service.url}/api/v1/inquiries/${target.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
        if (res.status !== 201) throw new Error(`W8 upload answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    const uploadSeconds = (Date.now() - started) / 1000;
    const downloaded = Date.now();
    await Promise.all(
      ids.map(async (id, i) => {
        const res = await fetch(`${service.url}/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
        let size = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) size += chunk.length;
        if (size !== files[i].length) throw new Error(`W8 download of ${id}: ${size} bytes, expected ${files[i].length}`);
      }),
    );
    const downloadSeconds = (Date.now() - downloaded) / 1000;
    const peakMB = service.peakRssMB();
    const settleSeconds = Number(process.env.BENCH_SETTLE_SECONDS ?? 60);
    await sleep(settleSeconds * 1000);
    const settledMB = service.rssMB();
    return { idleMB: Math.round(idleMB), peakMB: Math.round(peakMB), settledMB: Math.round(settledMB), settleSeconds, uploadSeconds, downloadSeconds };
  } finally {
    await service.stop();
  }
}
