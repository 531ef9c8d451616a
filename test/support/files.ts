import type { HttpClient, HttpResult } from './http.js';

/** A small but real PDF (the signature is what the server judges). */
export function pdfBytes(marker = ''): Buffer {
  return Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${marker}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

/** The first bytes of a Windows executable, whatever the name says. */
export function exeBytes(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export async function upload(
  http: HttpClient,
  path: string,
  token: string,
  file: { name: string; bytes: Buffer; type?: string; field?: string },
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const form = new FormData();
  form.append(file.field ?? 'file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
  const res = await fetch(http.baseUrl + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body: form });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, body, text, headers: res.headers };
}

export async function download(http: HttpClient, id: string, token: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${http.baseUrl}/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** A multipart body written by hand, for shapes a well-behaved client never sends. */
export async function rawMultipart(http: HttpClient, path: string, token: string, body: Buffer | string, boundary = 'XBOUNDARYX'): Promise<HttpResult> {
  return http.request('POST', path, { token, raw: typeof body === 'string' ? Buffer.from(body) : body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
