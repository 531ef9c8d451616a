import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
let used = POOL_BYTES;

/**
 * `n` bytes from the system's CSPRNG, taken from a pool filled 4 KiB at a time: each byte is handed
 * out once, then never again (the pool is refilled once spent). A call of randomBytes per nonce,
 * key and id cost more than the AES-GCM it served (several per command); Node's randomUUID pools
 * the same way.
 */
export function freshRandom(n: number): Buffer {
  if (n > POOL_BYTES / 8) return randomFillSync(Buffer.allocUnsafe(n));
  if (used + n > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const out = Buffer.allocUnsafe(n);
  pool.copy(out, 0, used, used + n);
  used += n;
  return out;
}
