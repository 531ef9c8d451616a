import { refuse } from '../common/errors/refusal.js';

const MAX_NAME = 255;
// C0/C1 controls and the bidirectional overrides that can disguise an extension.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Refuses a file name that is too long, or that carries a path, control or direction characters. */
export function requireSafeFilename(name: string | undefined): string {
  if (!name || name.trim() === '') throw refuse('filename.missing', 'the file must have a name');
  if (name.length > MAX_NAME) throw refuse('filename.too-long', `the file name must be at most ${MAX_NAME} characters`, { max: MAX_NAME });
  if (/[/\\]/.test(name) || name === '.' || name === '..' || name.includes('..') || UNSAFE.test(name)) {
    throw refuse('filename.unsafe', 'the file name must not contain a path, "..", or control characters');
  }
  return name;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the exact name in RFC 5987 form. */
export function attachmentDisposition(name: string): string {
  const clean = name.replace(UNSAFE, '').replace(/[/\\]/g, '_') || 'attachment';
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}

/** The headers of every file download, API or page: a download, of its own type, that runs nothing if opened. */
export function downloadHeaders(file: { filename: string; contentType: string; size: number }): Record<string, string> {
  return {
    'content-type': file.contentType,
    'content-disposition': attachmentDisposition(file.filename),
    'content-length': String(file.size),
    'content-security-policy': "sandbox; default-src 'none'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}
