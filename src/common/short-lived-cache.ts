/**
 * A small in-memory cache whose entries live for a fixed time: bounded in count (the oldest goes
 * first), dropped when their time is up, on the next use or by `sweep`. Entries are kept in the
 * order they were made, so the expired ones are always at the front. Nothing in it is written
 * anywhere.
 */
export class ShortLivedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly lifeMs: number,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.until > now ? entry.value : undefined;
  }

  set(key: string, value: V, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.delete(key);
    this.entries.set(key, { value, until: now + this.lifeMs });
  }

  /** Drops what has outlived its time. */
  sweep(now = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (entry.until > now) break;
      this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
