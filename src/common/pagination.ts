import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Page } from './page.js';
import { refuse } from './errors/refusal.js';

/** `?limit=&cursor=` as API.md defines them. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the opaque value of a previous page' })
  cursor?: string;
}

export interface CursorValue {
  at: string;
  id: string;
}

export const encodeCursor = (c: CursorValue): string => Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');

export function decodeCursor(cursor: string): CursorValue {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && at.length <= 24 && id.length <= 36) return { at, id };
  } catch {
    // fall through to the 400 below
  }
  throw refuse('pagination.cursor-invalid', 'cursor must be the opaque value of a previous page');
}

/**
 * Newest first, keyed on (createdAt, id) so that a page is one indexed range scan whatever the
 * table's size. `total` counts the whole filtered set, not the page.
 */
export async function paginate<T extends ObjectLiteral & { id: string; createdAt: string }>(qb: SelectQueryBuilder<T>, query: PageQuery, alias = qb.alias): Promise<Page<T>> {
  const limit = query.limit ?? 25;
  // COUNT(*) over the filtered rows: TypeORM's getCount() counts DISTINCT ids, which costs a sort.
  const counted = await qb.clone().select('COUNT(*)', 'n').orderBy().getRawOne<{ n: number | string }>();
  const total = Number(counted?.n ?? 0);
  const page = qb.clone();
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    page.andWhere(`(${alias}.createdAt < :cAt OR (${alias}.createdAt = :cAt AND ${alias}.id < :cId))`, { cAt: c.at, cId: c.id });
  }
  const rows = await page
    .orderBy(`${alias}.createdAt`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .take(limit + 1)
    .getMany();
  return pageOf(rows, limit, total);
}

/** The page from `limit + 1` rows read newest first: the extra row only says that more follow. */
export function pageOf<T extends { id: string; createdAt: string }>(rows: T[], limit: number, total: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, total, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
