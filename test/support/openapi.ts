import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { HttpResult } from './http.js';
import { HttpClient } from './http.js';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** One answer of the service, as a client received it. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

type Json = Record<string, any>;

/**
 * Checks answers against the OpenAPI document: the operation, the status and, for JSON, the body.
 * Every object schema is made closed (`additionalProperties: false` where the document says
 * nothing), so that a field the service sends but the document does not describe fails here.
 */
export class ResponseValidator {
  private readonly ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictTypes: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly operations: { method: string; pattern: RegExp; template: string; operation: Json }[] = [];

  constructor(document: Json) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addVocabulary(['example', 'xml', 'externalDocs']);
    this.ajv.addSchema({ $id: 'api', definitions: closed(asJsonSchema(document.components?.schemas ?? {})) });
    for (const [template, item] of Object.entries(document.paths as Json)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(item as Json)) this.operations.push({ method: method.toUpperCase(), pattern, template, operation });
    }
  }

  /** The operation an exchange belongs to, as "METHOD /template". */
  operationOf(e: Pick<Exchange, 'method' | 'path'>): string | undefined {
    const path = e.path.split('?')[0];
    const found = this.operations.find((o) => o.method === e.method && o.pattern.test(path));
    return found && `${found.method} ${found.template}`;
  }

  /** What is wrong with one exchange, as sentences naming it (empty when it is as described). */
  check(e: Exchange): string[] {
    const path = e.path.split('?')[0];
    const at = `${e.method} ${e.path} → ${e.status}`;
    const found = this.operations.find((o) => o.method === e.method && o.pattern.test(path));
    if (!found) return [`${at}: no such operation in the document`];
    const response = found.operation.responses?.[String(e.status)] as Json | undefined;
    if (!response) return [`${at}: status ${e.status} is not described for ${found.method} ${found.template}`];
    const content = (response.content ?? {}) as Json;
    if (e.status === 204 || Object.keys(content).length === 0) {
      return e.body === undefined || e.body === '' ? [] : [`${at}: the document describes no body, the service sent one`];
    }
    const mediaType = (e.contentType ?? '').split(';')[0].trim();
    if (mediaType !== 'application/json') return content[mediaType] || content['*/*'] ? [] : [`${at}: content type ${mediaType} is not described`];
    const schema = content['application/json']?.schema as Json | undefined;
    if (!schema) return [`${at}: no JSON schema described`];
    const key = `${found.method} ${found.template} ${e.status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(closed(asJsonSchema(schema)));
      this.compiled.set(key, validate);
    }
    if (validate(e.body)) return [];
    return (validate.errors ?? []).map((err) => `${at}: ${err.instancePath || '(body)'} ${err.message}${err.params ? ` ${JSON.stringify(err.params)}` : ''}`);
  }
}

/** OpenAPI 3.0 schema objects to JSON Schema as ajv reads them: references into one document, no discriminator mapping (ajv finds the branch by its enum). */
function asJsonSchema<T>(schema: T): T {
  const text = JSON.stringify(schema).replaceAll('"#/components/schemas/', '"api#/definitions/');
  return JSON.parse(text, (key, value: unknown) => {
    if (key === 'discriminator' && value && typeof value === 'object') return { propertyName: (value as Json).propertyName };
    return value;
  }) as T;
}

/** Every object schema that does not say otherwise refuses properties it does not name. */
function closed<T>(schema: T): T {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n.properties && n.additionalProperties === undefined) n.additionalProperties = false;
    Object.values(n).forEach(walk);
  };
  const copy = structuredClone(schema);
  walk(copy);
  return copy;
}

/** An HTTP client that keeps every exchange, for checking them all against the document afterwards. */
export class RecordingClient extends HttpClient {
  readonly exchanges: Exchange[] = [];

  override async request<T = any>(method: string, path: string, options: Parameters<HttpClient['request']>[2] = {}): Promise<HttpResult<T>> {
    const res = await super.request<T>(method, path, options);
    this.record(method, path, res);
    return res;
  }

  record(method: string, path: string, res: Pick<HttpResult, 'status' | 'body' | 'headers'>): void {
    this.exchanges.push({ method, path, status: res.status, contentType: res.headers.get('content-type'), body: res.body });
  }
}
