import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { HttpException, type ArgumentMetadata } from '@nestjs/common';
import { PageQuery } from '../../src/common/pagination.js';
import { ShortLivedCache } from '../../src/common/short-lived-cache.js';
import { RequestValidationPipe } from '../../src/common/validation.pipe.js';
import { ListInquiriesQuery } from '../../src/inquiries/dto/list-inquiries.query.js';

const asQuery = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype, data: undefined });
/** A query as Fastify parses it: an object without a prototype. */
const parsed = (values: Record<string, string | string[]>) => Object.assign(Object.create(null) as object, values);

const refusal = async (pipe: RequestValidationPipe, values: Record<string, string | string[]>): Promise<string> => {
  try {
    await pipe.transform(parsed(values), asQuery(ListInquiriesQuery));
  } catch (err) {
    if (err instanceof HttpException && err.getStatus() === 400) return JSON.stringify(err.getResponse());
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(values)}`);
};

describe('RequestValidationPipe: a query that passed is remembered', () => {
  it('answers a repeated query with a fresh instance equal to the first, which a handler may change freely', async () => {
    const pipe = new RequestValidationPipe();
    const first = (await pipe.transform(parsed({ status: 'in-progress', limit: '25' }), asQuery(ListInquiriesQuery))) as ListInquiriesQuery;
    expect(first).toBeInstanceOf(ListInquiriesQuery);
    expect(first.limit).toBe(25);
    first.status = 'closed';
    first.limit = 99;
    const again = (await pipe.transform(parsed({ status: 'in-progress', limit: '25' }), asQuery(ListInquiriesQuery))) as ListInquiriesQuery;
    expect(again).toBeInstanceOf(ListInquiriesQuery);
    expect(again).not.toBe(first);
    expect({ ...again }).toEqual({ status: 'in-progress', limit: 25 });
  });

  it('refuses a bad query every time it comes, and a good query is not taken for a bad one of another DTO', async () => {
    const pipe = new RequestValidationPipe();
    for (let n = 0; n < 3; n++) {
      expect(await refusal(pipe, { status: 'nonsense' })).toContain('status must be one or more of');
      expect(await refusal(pipe, { limit: '500' })).toContain('limit must not be greater than 100');
      expect(await refusal(pipe, { unknown: 'x' })).toContain('property unknown should not exist');
    }
    // The same query string passes for the list and is refused for a DTO that does not know the field.
    await pipe.transform(parsed({ status: 'submitted' }), asQuery(ListInquiriesQuery));
    await expect(pipe.transform(parsed({ status: 'submitted' }), asQuery(PageQuery))).rejects.toThrow(HttpException);
  });

  it('validates a query with a repeated name (an array) each time, and refuses it', async () => {
    const pipe = new RequestValidationPipe();
    for (let n = 0; n < 2; n++) expect(await refusal(pipe, { status: ['submitted', 'closed'] })).toContain('status');
  });
});

describe('ShortLivedCache', () => {
  it('forgets an entry when its time is up, and the oldest first when full', () => {
    const cache = new ShortLivedCache<string>(2, 1000);
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 500);
    expect(cache.get('a', 999)).toBe('A');
    expect(cache.get('a', 1000)).toBeUndefined();
    cache.sweep(1000);
    expect(cache.size).toBe(1);
    cache.set('c', 'C', 600);
    cache.set('d', 'D', 700);
    expect([cache.get('b', 700), cache.get('c', 700), cache.get('d', 700)]).toEqual([undefined, 'C', 'D']);
  });
});
