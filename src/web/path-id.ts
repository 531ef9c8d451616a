import { NotFoundException } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from the path: anything that is not a UUID is as missing as an unknown one. */
export function pathId(id: string, what = 'not found'): string {
  if (!UUID.test(id)) throw new NotFoundException(what);
  return id.toLowerCase();
}
