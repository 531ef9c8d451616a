import { describe, expect, it } from '@jest/globals';
import { validate, version } from 'uuid';
import { freshRandom } from '../../src/common/fresh-random.js';
import { newId } from '../../src/common/ids.js';

describe('ids and fresh random bytes', () => {
  it('makes UUIDv7 ids that rise within a millisecond and never repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(ids.every((id, n) => n === 0 || id > ids[n - 1])).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('hands out each pooled byte once: no two nonces alike across refills', () => {
    const nonces = Array.from({ length: 2_000 }, () => freshRandom(12).toString('hex'));
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(freshRandom(32)).toHaveLength(32);
    expect(freshRandom(5000)).toHaveLength(5000);
  });
});
