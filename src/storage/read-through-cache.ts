/**
 * A bounded in-process cache in front of the database: a value is read once and then
 * served from memory until it is dropped (a write here, or a change another process noted
 * in the change feed). Least recently used first out, by weight, so thousands of servers
 * or members never grow memory without limit.
 */
export class ReadThroughCache<K, V> {
  /** Resolved values, least recently used first (a Map keeps insertion order). */
  private readonly values = new Map<K, { value: V; weight: number }>();
  /** Reads under way, so that many callers at once cost one read. */
  private readonly reading = new Map<K, Promise<V>>();
  private weight = 0;
  /** Counts drops: a read that began before a drop is served but never kept. */
  private epoch = 0;

  constructor(
    private readonly options: {
      /** The most weight kept at once. */
      maxWeight: number;
      /** How much one value weighs; default 1. */
      weigh?: (value: V) => number;
    },
  ) {}

  /** The value for `key`, from memory, or else from `read` (once for every caller waiting meanwhile). */
  get(key: K, read: () => Promise<V>): Promise<V> {
    const held = this.values.get(key);
    if (held) {
      this.values.delete(key);
      this.values.set(key, held);
      return Promise.resolve(held.value);
    }
    const under = this.reading.get(key);
    if (under) return under;
    const epoch = this.epoch;
    const pending = read().then(
      (value) => {
        if (this.reading.get(key) === pending) this.reading.delete(key);
        if (epoch === this.epoch) this.keep(key, value);
        return value;
      },
      (error: unknown) => {
        if (this.reading.get(key) === pending) this.reading.delete(key);
        throw error;
      },
    );
    this.reading.set(key, pending);
    return pending;
  }

  /** Drops the key's value (and a read of it under way), so that the next get reads it again. */
  drop(key: K): void {
    this.epoch++;
    this.reading.delete(key);
    this.forget(key);
  }

  /** Drops every value `which` picks (given no value for a read under way). */
  dropWhere(which: (key: K, value: V | undefined) => boolean): void {
    this.epoch++;
    for (const key of [...this.reading.keys()]) if (which(key, undefined)) this.reading.delete(key);
    for (const [key, held] of [...this.values]) if (which(key, held.value)) this.forget(key);
  }

  /** How many values are held. */
  get size(): number {
    return this.values.size;
  }

  private keep(key: K, value: V): void {
    const weight = Math.max(1, this.options.weigh?.(value) ?? 1);
    if (weight > this.options.maxWeight) return;
    this.forget(key);
    this.values.set(key, { value, weight });
    this.weight += weight;
    while (this.weight > this.options.maxWeight) this.forget(this.values.keys().next().value as K);
  }

  private forget(key: K): void {
    const held = this.values.get(key);
    if (!held) return;
    this.values.delete(key);
    this.weight -= held.weight;
  }
}
