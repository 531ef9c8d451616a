import { ValidationPipe, type ArgumentMetadata, type Type } from '@nestjs/common';
import { ShortLivedCache } from './short-lived-cache.js';
import { validationRefusal } from './errors/validation-errors.js';

const PASSED_QUERIES = 500;
const PASSED_QUERY_LIFE_MS = 60_000;
const PASSED_QUERY_MAX_CHARS = 512;

/**
 * The validation of every request's body, query and parameters: unknown fields refused, types
 * checked, values bounded (class-validator through Nest's ValidationPipe).
 *
 * A query string that passed is remembered for a minute, per DTO, and the next identical one is
 * answered from it. Lists are asked for with the same few queries again and again (a queue
 * polled, a page reloaded), and running class-transformer and class-validator over every property
 * of a list query was a measured 8 % of a list request's CPU. Validation is a pure function of the
 * query, so the remembered result is the one it would give; each request gets its own copy. Only
 * what passed is kept (a refused query is refused afresh each time), only flat queries of short
 * strings, and only in memory, like the opened texts of DataKeys: search words included.
 */
export class RequestValidationPipe extends ValidationPipe {
  private readonly passed = new Map<Type<unknown>, ShortLivedCache<Readonly<Record<string, unknown>>>>();

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      // The target is kept for the error's bounds (read from the DTO class's metadata); the
      // refusal built from it carries field names, codes and bounds, never a value.
      validationError: { target: true, value: false },
      exceptionFactory: validationRefusal,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const key = metadata.type === 'query' && metadata.metatype ? queryKey(value) : null;
    if (key === null) return super.transform(value, metadata);
    const metatype = metadata.metatype as Type<unknown>;
    let cache = this.passed.get(metatype);
    const hit = cache?.get(key);
    if (hit) return Object.assign(Object.create(metatype.prototype) as object, hit);
    const result: unknown = await super.transform(value, metadata);
    // Only a DTO instance holding primitives can be copied safely into the next request's own object.
    if (!(result instanceof metatype) || !Object.values(result as object).every(isPrimitive)) return result;
    if (!cache) this.passed.set(metatype, (cache = new ShortLivedCache(PASSED_QUERIES, PASSED_QUERY_LIFE_MS)));
    cache.sweep();
    cache.set(key, Object.freeze({ ...(result as Record<string, unknown>) }));
    return result;
  }
}

/** The cache key of a parsed query string: only when every value is one short string (no repeated names). */
function queryKey(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  for (const v of Object.values(value)) if (typeof v !== 'string') return null;
  const key = JSON.stringify(value);
  return key.length <= PASSED_QUERY_MAX_CHARS ? key : null;
}

const isPrimitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');
