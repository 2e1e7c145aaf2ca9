import { describe, expect, it } from 'vitest';
import { nextPrompt, type RotationState } from '../../src/daily/prompt-rotation.ts';

/** A channel that never posted. */
const NEW_ROTATION: RotationState = { cycle: 0, used: [] };

const ids = Array.from({ length: 10 }, (_, i) => `p-${String(i + 1).padStart(3, '0')}`);

function take(channelId: string, n: number, pool: readonly string[], start: RotationState = NEW_ROTATION) {
  let state = start;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const next = nextPrompt(channelId, state, pool);
    out.push(next.promptId);
    state = next.state;
  }
  return { out, state };
}

describe('prompt rotation', () => {
  it('GIVEN a pool THEN a channel gets every prompt once before any repeat, in a shuffled order', () => {
    const { out } = take('100', 10, ids);
    expect([...out].sort()).toEqual(ids);
    expect(out).not.toEqual(ids);
  });

  it('GIVEN two channels THEN their orders differ, and the same channel always gets the same order', () => {
    expect(take('100', 10, ids).out).not.toEqual(take('200', 10, ids).out);
    expect(take('100', 10, ids).out).toEqual(take('100', 10, ids).out);
  });

  it('GIVEN a finished cycle THEN the next cycle again covers the pool, in a new order', () => {
    const { out } = take('100', 20, ids);
    expect([...out.slice(10)].sort()).toEqual(ids);
    expect(out.slice(10)).not.toEqual(out.slice(0, 10));
  });

  it('GIVEN the state is stored and read back (a restart) THEN the rotation continues where it was', () => {
    const first = take('100', 4, ids);
    const resumed = take('100', 6, ids, JSON.parse(JSON.stringify(first.state)) as RotationState);
    expect([...first.out, ...resumed.out].sort()).toEqual(ids);
  });

  it('GIVEN prompts added mid-cycle THEN they join this cycle; removed ones never come up', () => {
    const { state } = take('100', 5, ids);
    const pool = [...ids.filter((id) => id !== 'p-010' && id !== 'p-009'), 'p-011', 'p-012'];
    const stillUsed = state.used.filter((id) => pool.includes(id));
    const rest = take('100', pool.length - stillUsed.length, pool, state);
    expect(rest.out).not.toContain('p-010');
    expect(rest.out).not.toContain('p-009');
    expect(rest.out).toEqual(expect.arrayContaining(['p-011', 'p-012']));
    expect([...stillUsed, ...rest.out].sort()).toEqual([...pool].sort());
  });

  it('GIVEN a preview THEN asking again without saving gives the same prompt', () => {
    expect(nextPrompt('100', NEW_ROTATION, ids).promptId).toBe(nextPrompt('100', NEW_ROTATION, ids).promptId);
  });
});
