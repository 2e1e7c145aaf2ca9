import { createHash } from 'node:crypto';

/**
 * Where a channel is in its prompt rotation: which cycle, and which prompt ids this
 * cycle has already used. The order of a cycle is a shuffle seeded by the channel and
 * the cycle number, so it needs no storage, survives restarts, and differs between
 * channels. Prompts added to the pack join the current cycle; removed ones leave it.
 */
export interface RotationState {
  cycle: number;
  used: string[];
}

/** A deterministic 32-bit generator (mulberry32) seeded from a string. */
function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The cycle's order over the given ids (sorted first, so the pack's file order does not matter). */
function cycleOrder(channelId: string, cycle: number, ids: readonly string[]): string[] {
  const order = [...ids].sort();
  const random = seededRandom(`${channelId}:${cycle}`);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * The prompt a channel's next post carries, and the state after using it. Pure: the
 * preview calls it and discards the new state.
 */
export function nextPrompt(
  channelId: string,
  state: RotationState,
  promptIds: readonly string[],
): { promptId: string; state: RotationState } {
  if (promptIds.length === 0) throw new Error('the content pack has no prompts');
  const known = new Set(promptIds);
  let { cycle } = state;
  let used = [...new Set(state.used)].filter((id) => known.has(id));
  if (used.length >= known.size) {
    cycle += 1;
    used = [];
  }
  const usedSet = new Set(used);
  const promptId = cycleOrder(channelId, cycle, promptIds).find((id) => !usedSet.has(id))!;
  return { promptId, state: { cycle, used: [...used, promptId] } };
}
