import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { ErrorParams, FieldCode, FieldError } from './error-codes.js';
import { Refusal } from './refusal.js';

/** class-validator's constraint names, by the field code a page or client shows for them. */
const CONSTRAINT_CODES: Record<string, FieldCode> = {
  isDefined: 'field.required',
  isNotEmpty: 'field.required',
  arrayNotEmpty: 'field.too-few',
  whitelistValidation: 'field.unknown',
  unknownValue: 'field.unknown',
  maxLength: 'field.too-long',
  minLength: 'field.too-short',
  isLength: 'field.too-long',
  arrayMaxSize: 'field.too-many',
  arrayMinSize: 'field.too-few',
  arrayUnique: 'field.repeated',
  min: 'field.out-of-range',
  max: 'field.out-of-range',
  isIn: 'field.not-allowed',
  isEnum: 'field.not-allowed',
  equals: 'field.not-allowed',
  isCountryCode: 'field.not-allowed',
  isEmail: 'field.not-an-email',
  isUUID: 'field.not-an-id',
  isIsoMoment: 'field.not-a-date',
  isISO8601: 'field.not-a-date',
  isDateString: 'field.not-a-date',
  isString: 'field.wrong-type',
  isInt: 'field.wrong-type',
  isNumber: 'field.wrong-type',
  isBoolean: 'field.wrong-type',
  isArray: 'field.wrong-type',
  isObject: 'field.wrong-type',
  nestedValidation: 'field.wrong-type',
};

const RANK: FieldCode[] = [
  'field.required',
  'field.unknown',
  'field.wrong-type',
  'field.too-short',
  'field.too-long',
  'field.too-few',
  'field.too-many',
  'field.not-allowed',
  'field.not-an-email',
  'field.not-an-id',
  'field.not-a-date',
  'field.out-of-range',
  'field.repeated',
  'field.invalid',
];

/** The bound a constraint was declared with ({max} of MaxLength(200), {min, max} of Length), read back from class-validator's metadata. */
function boundsOf(target: object | undefined, property: string, constraint: string): ErrorParams {
  if (!target) return {};
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === constraint);
  const [a, b] = (meta?.constraints ?? []) as unknown[];
  const num = (v: unknown) => typeof v === 'number';
  switch (constraint) {
    case 'maxLength':
    case 'arrayMaxSize':
    case 'max':
      return num(a) ? { max: a as number } : {};
    case 'minLength':
    case 'arrayMinSize':
    case 'min':
      return num(a) ? { min: a as number } : {};
    case 'isLength':
      return { ...(num(a) ? { min: a as number } : {}), ...(num(b) ? { max: b as number } : {}) };
    default:
      return {};
  }
}

/** Every broken constraint of a body, field by field, with its code and bounds, and the validator's own English lines. */
export function fieldErrors(errors: ValidationError[], prefix = ''): { fields: FieldError[]; messages: string[] } {
  const fields: FieldError[] = [];
  const messages: string[] = [];
  for (const e of errors) {
    const field = prefix + e.property;
    const own: FieldError[] = [];
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      messages.push(message);
      const bounds = boundsOf(e.target, e.property, constraint);
      // At least one character, or one choice: the field is simply missing.
      const code = (constraint === 'minLength' || constraint === 'arrayMinSize') && bounds.min === 1 ? 'field.required' : (CONSTRAINT_CODES[constraint] ?? 'field.invalid');
      own.push({ field, code, params: { field, ...bounds } });
    }
    // The most telling first: a missing value before its form, the catch-all last.
    fields.push(...own.sort((a, b) => RANK.indexOf(a.code) - RANK.indexOf(b.code)));
    const nested = fieldErrors(e.children ?? [], `${field}.`);
    fields.push(...nested.fields);
    messages.push(...nested.messages);
  }
  return { fields, messages };
}

/** The 400 of a body that broke its DTO's rules: the same `message` lines as before, plus `code: validation.failed` and the `errors` by field. */
export function validationRefusal(errors: ValidationError[]): Refusal {
  const { fields, messages } = fieldErrors(errors);
  return new Refusal('validation.failed', messages, {}, fields);
}
