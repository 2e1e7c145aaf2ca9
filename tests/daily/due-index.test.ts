import { describe, expect, it } from 'vitest';
import { DueIndex } from '../../src/daily/due-index.ts';

describe('due index', () => {
  it('GIVEN channels due at different times THEN a tick takes exactly the due ones, earliest first', () => {
    const index = new DueIndex();
    index.set('c', 300);
    index.set('a', 100);
    index.set('b', 200);
    expect(index.takeDue(50)).toEqual([]);
    expect(index.takeDue(200)).toEqual(['a', 'b']);
    expect(index.size).toBe(1);
    expect(index.peek()).toBe(300);
  });

  it('GIVEN a channel moved or removed THEN its old time never fires', () => {
    const index = new DueIndex();
    index.set('a', 100);
    index.set('a', 500);
    index.set('b', 100);
    index.delete('b');
    expect(index.takeDue(400)).toEqual([]);
    expect(index.takeDue(500)).toEqual(['a']);
    expect(index.peek()).toBeUndefined();
  });

  it('GIVEN many random times and updates THEN everything comes out once, in order', () => {
    const index = new DueIndex();
    const expected = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const id = `ch${i % 1500}`;
      const due = Math.floor(Math.random() * 100_000);
      index.set(id, due);
      expected.set(id, due);
    }
    const out = index.takeDue(100_000);
    expect(out).toHaveLength(1500);
    const dues = out.map((id) => expected.get(id)!);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });
});
