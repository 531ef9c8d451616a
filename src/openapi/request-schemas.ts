import { ParseUUIDPipe, type Type } from '@nestjs/common';
import type { ParameterObject, SchemaObject } from '@nestjs/swagger';
import { ValidationTypes } from 'class-validator';
import { createRequire } from 'node:module';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ISO_MOMENT } from '../common/validators.js';
import { IDEMPOTENCY_KEY } from '../database/idempotency.js';
import { TopicSlugPipe } from '../topics/topic-slug.pipe.js';
import { CountryCodePipe } from '../countries/country-code.pipe.js';
import { TOPIC_SLUG } from '../topics/topic.dto.js';

/** Marks what nothing here describes: the OpenAPI test fails on it, so that it gets described. */
export const UNDESCRIBED = 'x-undescribed';
const undescribed = (what: string) => ({ type: 'string', [UNDESCRIBED]: what }) as { type: 'string' };

type SchemaOptions = NonNullable<Parameters<typeof validationMetadatasToSchemas>[0]>;
// The storage of @Type() (the build Node loads): with it, an array of nested classes names its item class.
const { defaultMetadataStorage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: NonNullable<SchemaOptions['classTransformerMetadataStorage']>;
};

type Converters = NonNullable<NonNullable<Parameters<typeof validationMetadatasToSchemas>[0]>['additionalConverters']>;

/** Our own class-validator decorators (common/validators.ts, identity/countries.ts), by the name they register. */
const CUSTOM_VALIDATORS: Converters = {
  isIsoMoment: { type: 'string', pattern: ISO_MOMENT.source, description: 'An ISO 8601 date or date-time between 2000 and 2100' },
  isCountryCode: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, or XA–XZ for fictional States' },
};

/**
 * The JSON schema of every class class-validator knows, read from the very decorators the validation
 * pipe checks requests with, so the description cannot drift from what is accepted. Unknown
 * properties are refused (the pipe forbids them).
 */
export function requestSchemas(): Record<string, SchemaObject> {
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: {
      ...CUSTOM_VALIDATORS,
      // Reached for a custom validator that has no entry above.
      [ValidationTypes.CUSTOM_VALIDATION]: (meta) => undescribed(`validator ${meta.type}`),
    },
  }) as Record<string, SchemaObject>;
  for (const schema of Object.values(schemas)) {
    schema.additionalProperties = false;
    // A nested class comes as { $ref, type }: OpenAPI 3.0 ignores whatever stands beside a $ref.
    const properties = (schema.properties ?? {}) as Record<string, { $ref?: string }>;
    for (const [name, property] of Object.entries(properties)) if (property.$ref) properties[name] = { $ref: property.$ref };
  }
  return schemas;
}

/** `?name=` parameters, one per property of a query class. */
export function queryParameters(schema: SchemaObject): ParameterObject[] {
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query' as const,
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** What the pipes of a path parameter let through. */
const PIPES = new Map<Type, SchemaObject>([
  [ParseUUIDPipe, { type: 'string', format: 'uuid' }],
  [TopicSlugPipe, { type: 'string', maxLength: 60, pattern: TOPIC_SLUG.source }],
  [CountryCodePipe, { type: 'string', pattern: '^[A-Z]{2}$' }],
]);

export function pathParameterSchema(pipes: unknown[]): SchemaObject {
  if (pipes.length === 0) return { type: 'string' };
  const described = pipes.map((pipe) => PIPES.get((typeof pipe === 'function' ? pipe : (pipe as object).constructor) as Type));
  return described.length === 1 && described[0] ? described[0] : undescribed('a pipe with no entry in PIPES');
}

const HEADERS: Record<string, ParameterObject> = {
  'idempotency-key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'A retry with the same key by the same user returns the first result and creates nothing new',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  },
};

export function headerParameter(name: string): ParameterObject {
  return HEADERS[name] ?? { name, in: 'header', schema: undescribed('a header with no entry in HEADERS') };
}
