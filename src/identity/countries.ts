import countries from 'i18n-iso-countries';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** ISO 3166-1 alpha-2, plus the user-assigned XA–XZ that demo and test data use for fictional States. */
export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && (value.startsWith('X') || countries.isValid(value));
}

export function IsCountryCode(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCountryCode',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 3166-1 alpha-2 code such as KE or XA`, ...options },
      validator: { validate: (v: unknown) => isCountryCode(v) },
    });
}
