import fc from 'fast-check';
import { labelled } from './properties.js';

export type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object';
export interface Field {
  kind: Kind;
  required: boolean;
}
/** A DTO as the fuzzer knows it: one valid body, and the kind of each field. */
export interface DtoShape {
  valid: () => Record<string, unknown>;
  fields: Record<string, Field>;
}
/** A body to send as raw JSON text (raw, so that a literal "__proto__" key is really sent), and what is wrong with it. */
export interface BrokenBody {
  raw: string;
  what: string;
}

export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'role', 'id', 'status', 'version', 'createdAt', 'requesterId', 'isAdmin', '', ' ', 'a.b', '$where'];

const broken = (raw: string, what: string): BrokenBody => labelled({ raw, what }, `${what}: ${raw}`);

/** A JSON value of any type but `kind`; null only where the field is required (null is how a client clears an optional one). */
export function wrongValue(kind: Kind, required: boolean): fc.Arbitrary<unknown> {
  const byKind: Record<Kind | 'null', fc.Arbitrary<unknown>> = {
    number: fc.oneof(fc.constantFrom(0, -1, 1.5, 1e308, 2 ** 53 + 1), fc.double({ noNaN: true, noDefaultInfinity: true })),
    boolean: fc.boolean(),
    array: fc.oneof(fc.constantFrom([], ['x'], [1, 2], [[]], [{}]), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })),
    // Parsed, so that "__proto__" and "constructor" are own keys that JSON.stringify sends.
    object: fc.oneof(
      fc.constantFrom('{}', '{"a":1}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}').map((s) => JSON.parse(s) as unknown),
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    ),
    string: fc.oneof(fc.constantFrom('', 'x', '1', 'true', 'null'), fc.string()),
    null: fc.constant(null),
  };
  const kinds = (Object.keys(byKind) as (Kind | 'null')[]).filter((k) => k !== kind && (k !== 'null' || required));
  return fc.oneof(...kinds.map((k) => byKind[k]));
}

/** Nesting thousands deep, as arrays or objects. */
const deepJson = fc
  .record({ depth: fc.integer({ min: 1_000, max: 20_000 }), objects: fc.boolean() })
  .map(({ depth, objects }) => (objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth)));

/** Any raw text that is not one JSON object: another JSON type, broken JSON, or anything at all. */
const notAnObject = fc
  .oneof(
    fc.constantFrom('[]', '"text"', '42', 'null', 'true', '{"a":', '{"a":1}}', '\u0000', ''),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary' }),
  )
  .filter((raw) => {
    try {
      const v: unknown = JSON.parse(raw);
      return v === null || typeof v !== 'object' || Array.isArray(v);
    } catch {
      return true;
    }
  });

/**
 * Valid shapes of a DTO (its valid body less any subset of its optional fields) with exactly one
 * thing wrong: an unknown or poisonous key, a value of the wrong type, a wrong array element, a
 * scalar sent as an array, a required field missing, an oversized string, a body that is not an
 * object at all, or nesting thousands deep.
 */
export function brokenBody(dto: DtoShape): fc.Arbitrary<BrokenBody> {
  const names = Object.keys(dto.fields);
  const optional = names.filter((n) => !dto.fields[n].required);
  const required = names.filter((n) => dto.fields[n].required);
  const scalars = names.filter((n) => dto.fields[n].kind !== 'array' && dto.fields[n].kind !== 'object');
  const arrays = names.filter((n) => dto.fields[n].kind === 'array');
  const strings = names.filter((n) => dto.fields[n].kind === 'string');
  const shape = fc.subarray(optional).map((drop) => {
    const body = dto.valid();
    for (const f of drop) delete body[f];
    return body;
  });
  const json = (body: Record<string, unknown>) => JSON.stringify(body);
  const cases: fc.Arbitrary<BrokenBody>[] = [
    fc
      .tuple(
        shape,
        fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string()),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
          deepJson,
        ),
      )
      .filter(([, key]) => !(key in dto.fields))
      .map(([body, key, value]) => {
        const rest = json(body).slice(1);
        const raw = `{${JSON.stringify(key)}:${value}${rest === '}' ? '' : ','}${rest}`;
        return broken(raw, `extra key ${JSON.stringify(key)}`);
      }),
    fc
      .constantFrom(...names)
      .chain((f) => fc.tuple(shape, fc.constant(f), wrongValue(dto.fields[f].kind, dto.fields[f].required)))
      .map(([body, f, v]) => broken(json({ ...body, [f]: v }), `${f} of the wrong type`)),
    fc.tuple(shape, notAnObject).map(([, raw]) => broken(raw, 'not an object')),
    deepJson.map((raw) => broken(raw, 'nested thousands deep')),
  ];
  if (arrays.length)
    cases.push(
      fc
        .tuple(shape, fc.constantFrom(...arrays), fc.array(wrongValue('string', true), { minLength: 1, maxLength: 3 }))
        .map(([body, f, items]) => broken(json({ ...body, [f]: items }), `${f} with elements of the wrong type`)),
    );
  if (scalars.length)
    cases.push(fc.tuple(shape, fc.constantFrom(...scalars)).map(([body, f]) => broken(json({ ...body, [f]: [dto.valid()[f] ?? 'x', dto.valid()[f] ?? 'x'] }), `${f} as an array`)));
  if (required.length) cases.push(fc.tuple(shape, fc.constantFrom(...required)).map(([body, f]) => broken(json({ ...body, [f]: undefined }), `without ${f}`)));
  if (strings.length)
    cases.push(
      fc
        .tuple(shape, fc.constantFrom(...strings), fc.constantFrom('é', 'x', '\u{1f6e1}', '\u0000'), fc.integer({ min: 100_001, max: 2_000_000 }))
        .map(([body, f, c, n]) => broken(json({ ...body, [f]: c.repeat(n) }), `${f} of ${n} × ${JSON.stringify(c)}`)),
    );
  return fc.oneof(...cases);
}
