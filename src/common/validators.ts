import { registerDecorator, type ValidationOptions } from 'class-validator';

export const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO 8601 date or UTC-convertible date-time between 2000 and 2100 (a real calendar day). */
export function isIsoMoment(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_MOMENT.test(value)) return false;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return year >= 2000 && year <= 2100 && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

export function IsIsoMoment(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoMoment',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 date or date-time between 2000 and 2100`, ...options },
      validator: { validate: (v: unknown) => isIsoMoment(v) },
    });
}

export const toIsoUtc = (value: string): string => new Date(Date.parse(value)).toISOString();
