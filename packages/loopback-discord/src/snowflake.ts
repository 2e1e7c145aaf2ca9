/** Discord's epoch, the first second of 2015, in Unix milliseconds. */
export const DISCORD_EPOCH = 1_420_070_400_000;

/**
 * Makes ids the way Discord does: milliseconds since the Discord epoch in the top 42
 * bits, then a 5-bit worker, a 5-bit process and a 12-bit increment. Ids from one
 * generator are strictly increasing, even when many are made in one millisecond or
 * the wall clock steps back, because clients sort and paginate by id.
 */
export class SnowflakeGenerator {
  private lastMs = 0;
  private increment = 0;

  constructor(
    private readonly worker = 1,
    private readonly process = 0,
  ) {}

  /** A new id, as the decimal string Discord sends. */
  next(now = Date.now()): string {
    return this.make(Math.max(now - DISCORD_EPOCH, this.lastMs));
  }

  /**
   * A new id in a millisecond no earlier id has, the first one from now on that `accept`
   * takes. Guild ids use it: the gateway routes a guild by `(id >> 22) % shards`, i.e. by
   * its millisecond, so guilds seeded in one burst still spread over every shard, and a
   * test can ask for a guild on a given shard.
   */
  nextInNewMillisecond(accept: (ms: number) => boolean = () => true, now = Date.now()): string {
    let ms = Math.max(now - DISCORD_EPOCH, this.lastMs + 1);
    while (!accept(ms)) ms++;
    return this.make(ms);
  }

  private make(start: number): string {
    let ms = start;
    if (ms === this.lastMs) {
      this.increment++;
      if (this.increment > 0xfff) {
        // Borrow the next millisecond rather than repeat an id.
        ms++;
        this.increment = 0;
      }
    } else {
      this.increment = 0;
    }
    this.lastMs = ms;
    const id =
      (BigInt(ms) << 22n) |
      (BigInt(this.worker & 0x1f) << 17n) |
      (BigInt(this.process & 0x1f) << 12n) |
      BigInt(this.increment);
    return id.toString();
  }
}
