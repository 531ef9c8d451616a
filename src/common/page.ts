import type { Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions, type SchemaObject } from '@nestjs/swagger';

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** Items of more than one shape, told apart as `schema` says (a `oneOf`), under a name of their own. */
export interface ItemsOfSeveralKinds {
  name: string;
  schema: SchemaObject;
}

const pages = new Map<Type | string, Type<Page<unknown>>>();

/**
 * The OpenAPI description of a page of `item`s, as a class of its own per item type (UserViewPage,
 * ...), so that the document and the clients generated from it name each page type.
 */
export function PageOf(item: Type | ItemsOfSeveralKinds): Type<Page<unknown>> {
  const key = typeof item === 'function' ? item : item.name;
  let page = pages.get(key);
  if (!page) {
    const items: ApiPropertyOptions = typeof item === 'function' ? { type: () => item, isArray: true } : { type: 'array', items: item.schema };
    class DescribedPage implements Page<unknown> {
      @ApiProperty(items) items: unknown[];
      @ApiProperty({ type: 'integer', description: 'How many match the filters, over all pages' }) total: number;
      @ApiProperty({ type: String, nullable: true, description: 'Pass it as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
    }
    Object.defineProperty(DescribedPage, 'name', { value: typeof item === 'function' ? `${item.name}Page` : item.name });
    page = DescribedPage;
    pages.set(key, page);
  }
  return page;
}
