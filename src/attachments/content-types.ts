import { fileTypeFromBuffer } from 'file-type';

/** The upload allow-list: short name → the content type served back on download. */
export const UPLOAD_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  png: 'image/png',
  jpg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
};

/** How much of the start of a file the type is judged from. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The type of a file judged by its bytes, never by its name: a known signature, or, with none,
 * plain UTF-8 text without control characters. Null for anything else.
 */
export async function sniffType(sample: Buffer, complete: boolean): Promise<string | null> {
  const detected = await fileTypeFromBuffer(sample);
  if (detected) return detected.ext in UPLOAD_TYPES ? detected.ext : null;
  return isPlainText(sample, complete) ? 'txt' : null;
}

function isPlainText(sample: Buffer, complete: boolean): boolean {
  // A sample cut mid-character ends in up to three bytes of an unfinished UTF-8 sequence.
  const bytes = complete ? sample : sample.subarray(0, trimPartialUtf8(sample));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
    return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
  } catch {
    return false;
  }
}

function trimPartialUtf8(b: Buffer): number {
  const end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = b[end - i];
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > i ? end - i : end;
  }
  return end;
}
