import { describe, expect, it } from 'vitest';
import { ReadThroughCache } from '../../src/storage/read-through-cache.ts';

describe('the cache in front of the database', () => {
  it('GIVEN many callers at once THEN one read serves them all, and later calls are served from memory', async () => {
    const cache = new ReadThroughCache<string, number>({ maxWeight: 10 });
    let reads = 0;
    const read = async () => ++reads;
    expect(await Promise.all([cache.get('a', read), cache.get('a', read), cache.get('a', read)])).toEqual([1, 1, 1]);
    expect(await cache.get('a', read)).toBe(1);
    expect(reads).toBe(1);
  });

  it('GIVEN more weight than it may hold THEN the least recently used values go first', async () => {
    const cache = new ReadThroughCache<string, string[]>({ maxWeight: 5, weigh: (v) => v.length });
    const reads: string[] = [];
    const read = (key: string, weight: number) => async () => {
      reads.push(key);
      return Array.from({ length: weight }, () => key);
    };
    await cache.get('a', read('a', 2));
    await cache.get('b', read('b', 2));
    await cache.get('a', read('a', 2)); // a is now the more recently used
    await cache.get('c', read('c', 2)); // 6 > 5: b goes
    expect(cache.size).toBe(2);
    await cache.get('a', read('a', 2));
    await cache.get('b', read('b', 2));
    expect(reads).toEqual(['a', 'b', 'c', 'b']);
  });

  it('GIVEN a drop while a read is under way THEN that read is not kept, and the next call reads again', async () => {
    const cache = new ReadThroughCache<string, string>({ maxWeight: 10 });
    let release!: (value: string) => void;
    const before = cache.get('a', () => new Promise<string>((resolve) => (release = resolve)));
    cache.drop('a');
    release('before the change');
    expect(await before).toBe('before the change');
    expect(await cache.get('a', async () => 'after the change')).toBe('after the change');
  });
});
