import { HttpException } from '@nestjs/common';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { classifyFault } from '../common/faults.js';
import type { InquiryCipher } from '../crypto/data-keys.js';
import { SNIFF_BYTES, sniffType, UPLOAD_TYPES } from './content-types.js';
import { refuse } from '../common/errors/refusal.js';

// Small enough that ten uploads at once hold little (a chunk, its sealed text and the write
// buffer each), large enough that a 20 MB file is some eighty rows.
export const CHUNK_BYTES = 256 * 1024;

/** What the multipart plugin hands over for one file part. */
export interface FilePart {
  fieldname: string;
  filename: string;
  file: AsyncIterable<Buffer> & { truncated?: boolean; destroy(): void };
}

export interface Spooled {
  contentType: string;
  size: number;
  chunks: number;
  path: string;
}

export const chunkField = (attachmentId: string, seq: number) => `attachment:${attachmentId}:chunk:${seq}`;

/**
 * Reads an upload as it streams in: judges its type from the first bytes, seals it a chunk at a
 * time with the inquiry's key and spools the sealed chunks to a file under DATA_DIR, so that no
 * plaintext touches the disk and no more than a chunk is in memory. Refuses the wrong type (415),
 * the oversized (413) and the empty (400) before anything is stored.
 */
export async function spoolUpload(part: FilePart, o: { attachmentId: string; cipher: InquiryCipher; allowed: string[]; spoolDir: string }): Promise<Spooled> {
  await mkdir(o.spoolDir, { recursive: true, mode: 0o700 });
  const path = join(o.spoolDir, `${o.attachmentId}.spool`);
  const out = createWriteStream(path, { mode: 0o600 });
  // A failed write (ENOSPC) is kept and thrown at the next chunk, never left as an unhandled event.
  let writeError: Error | null = null;
  out.on('error', (err) => (writeError ??= err));
  // One chunk's worth of plaintext, filled in place: no whole file, and no copy per piece received.
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0;
  let size = 0;
  let chunks = 0;
  let type: string | null | undefined;
  const sample: Buffer[] = [];
  let sampled = 0;

  const judge = async (complete: boolean) => {
    type = await sniffType(Buffer.concat(sample).subarray(0, SNIFF_BYTES), complete);
    if (!type || !o.allowed.includes(type))
      throw refuse('attachment.type-not-allowed', `files of this type are not accepted; allowed: ${o.allowed.join(', ')}`, { allowed: o.allowed.join(', ') });
  };
  const seal = async () => {
    if (writeError) throw writeError;
    const sealed = o.cipher.seal(chunkField(o.attachmentId, chunks), buffer.subarray(0, filled));
    filled = 0;
    chunks += 1;
    // events.once rejects should the stream fail while waiting.
    if (!out.write(sealed + '\n')) await once(out, 'drain');
    if (writeError) throw writeError;
  };
  const take = async (data: Buffer) => {
    for (let at = 0; at < data.length;) {
      const n = data.copy(buffer, filled, at);
      filled += n;
      at += n;
      if (filled === CHUNK_BYTES) await seal();
    }
  };

  try {
    try {
      for await (const data of part.file) {
        size += data.length;
        if (type === undefined) {
          sample.push(data);
          sampled += data.length;
          if (sampled >= SNIFF_BYTES) await judge(false);
        }
        await take(data);
      }
    } catch (err) {
      throw asClientError(err);
    }
    if (part.file.truncated) throw refuse('attachment.too-large', 'the file is larger than the upload limit');
    if (size === 0) throw refuse('attachment.empty', 'the file is empty');
    if (type === undefined) await judge(true);
    if (filled > 0) await seal();
    out.end();
    await once(out, 'finish');
    if (writeError) throw writeError;
    return { contentType: UPLOAD_TYPES[type as string], size, chunks, path };
  } catch (err) {
    part.file.destroy();
    out.destroy();
    // The file is opened asynchronously: removed before the stream has closed, it could be created
    // after the removal (a refusal that comes before the open completes, an empty file say).
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(path, { force: true });
    throw err;
  }
}

/** The sealed chunks of a spool file, in order, one at a time. */
export async function* spooledChunks(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield line;
}

/**
 * A malformed, truncated or oversized multipart body is the client's error, never a 500. A fault
 * of the service while reading it (no space left for the spool, the database gone) stays what it
 * is, for the error filter to answer 503; a client that hung up (its socket reset) is the client's.
 */
export function asClientError(err: unknown): unknown {
  if (err instanceof HttpException) return err;
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (classifyFault(err) && !['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(e.code ?? '')) return err;
  if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE' || /limit/i.test(e.code ?? '')) {
    return refuse('attachment.too-large', 'the upload is larger than allowed');
  }
  if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || e.statusCode === 406) {
    return refuse('attachment.not-multipart', 'send the file as multipart/form-data in a field named file');
  }
  return refuse('attachment.unreadable', 'the multipart body could not be read');
}
