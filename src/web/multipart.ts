import type { FastifyRequest } from 'fastify';
import { asClientError, type FilePart } from '../attachments/upload-spool.js';
import type { FormBody } from './forms.js';
import { refuse } from '../common/errors/refusal.js';

interface Part {
  type: 'file' | 'field';
  fieldname: string;
  filename?: string;
  value?: unknown;
  valueTruncated?: boolean;
  file?: FilePart['file'] & { resume(): void };
}

type MultipartRequest = FastifyRequest & {
  isMultipart(): boolean;
  parts(options?: { limits?: Record<string, number> }): AsyncIterableIterator<Part>;
};

/** Enough for a query's text (50,000 characters of up to four bytes each) and a few small fields. */
const LIMITS = { fields: 20, fieldSize: 210_000, files: 5, parts: 30 };

/**
 * Reads a page's multipart form in order: its fields, then its files, each handed to `onFile`
 * with the fields read so far while it streams (the form puts its fields before its files). A file
 * input left empty is skipped. Once `onFile` fails, the remaining files are drained unread and the
 * error is returned with the fields.
 */
export async function readMultipart(request: FastifyRequest, onFile: (part: FilePart, fields: FormBody) => Promise<void>): Promise<{ fields: FormBody; error: unknown }> {
  const req = request as MultipartRequest;
  const fields: Record<string, string | string[]> = {};
  let error: unknown = null;
  if (!req.isMultipart()) return { fields, error: asClientError({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE' }) };
  try {
    for await (const part of req.parts({ limits: LIMITS })) {
      if (part.type === 'field') {
        if (part.valueTruncated) throw refuse('form.field-too-long', 'a field of the form is too long');
        const value = String(part.value ?? '');
        const before = fields[part.fieldname];
        fields[part.fieldname] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
        continue;
      }
      if (!part.filename || error) {
        await drain(part);
        continue;
      }
      try {
        await onFile({ fieldname: part.fieldname, filename: part.filename, file: part.file! }, fields);
      } catch (err) {
        error = err;
        await drain(part);
      }
    }
  } catch (err) {
    error ??= asClientError(err);
  }
  // Shown again by the error page should the database or the disk fail on this form.
  (request as FastifyRequest & { keptFields?: FormBody }).keptFields = fields;
  return { fields, error };
}

async function drain(part: Part): Promise<void> {
  if (!part.file) return;
  try {
    for await (const _chunk of part.file) {
      // discarded
    }
  } catch {
    // a stream already torn down has nothing left to read
  }
}
