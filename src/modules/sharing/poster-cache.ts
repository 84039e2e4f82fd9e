// The bounded per-process memory of poster parts (pictures at their drawn size, resellers'
// headers, sale events' bodies): each made once however many posters ask for it at the same time,
// the least recently used forgotten first.

export class PosterPartCache<V> {
  private readonly made = new Map<string, V>();
  private readonly making = new Map<string, Promise<V>>();
  private bytes = 0;

  /** At most `maxEntries` parts and, when the parts have a size, `maxBytes` of them. */
  constructor(private readonly maxEntries: number, private readonly maxBytes = Infinity, private readonly sizeOf: (v: V) => number = () => 0) {}

  /** The part under `key`, made by `make` unless it is kept or being made; a failure is not kept. */
  get(key: string, make: () => Promise<V>): Promise<V> {
    const kept = this.made.get(key);
    if (kept !== undefined) {
      // a Map iterates in insertion order: moving the entry to the end makes it the most recent
      this.made.delete(key);
      this.made.set(key, kept);
      return Promise.resolve(kept);
    }
    let pending = this.making.get(key);
    if (!pending) {
      pending = make().then(
        (v) => { this.making.delete(key); this.keep(key, v); return v; },
        (e: unknown) => { this.making.delete(key); throw e; });
      this.making.set(key, pending);
    }
    return pending;
  }

  get size(): number {
    return this.made.size;
  }

  private keep(key: string, v: V): void {
    this.made.set(key, v);
    this.bytes += this.sizeOf(v);
    for (const [oldest, old] of this.made) {
      if (this.made.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      if (oldest === key) break; // one part larger than the bound is kept until the next
      this.made.delete(oldest);
      this.bytes -= this.sizeOf(old);
    }
  }
}
