import { Injectable, PipeTransform } from '@nestjs/common';
import { refuse } from '../common/errors/refusal.js';

@Injectable()
export class CountryCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !/^[A-Z]{2}$/.test(value)) throw refuse('country.code-invalid', 'code must be two capital letters (ISO 3166-1 alpha-2)');
    return value;
  }
}
