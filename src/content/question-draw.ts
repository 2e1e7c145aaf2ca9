/**
 * Drawing reflection questions: a member meets every question of a pool (one theme's,
 * or all) before any comes again. Pure: the caller keeps the member's history.
 */
import { UserError } from '../discord/errors.ts';
import type { ContentPack, Question } from './content-pack.ts';

/**
 * Draws a question the member has not seen from `pool`. Once the pool is exhausted,
 * that pool's part of the history starts over (never repeating the question just
 * shown, when the pool has more than one). Ids no longer in the content are dropped
 * from the history so it cannot grow without bound.
 */
export function drawQuestion(
  content: ContentPack,
  themeId: string | null,
  seen: readonly string[],
  random: () => number,
  excludedThemes: readonly string[] = [],
): { question: Question; seen: string[] } {
  const pool = questionPool(content, themeId, excludedThemes);
  const known = new Set(content.questions.map((q) => q.id));
  let history = seen.filter((id) => known.has(id));
  const seenSet = new Set(history);
  let candidates = pool.filter((q) => !seenSet.has(q.id));
  if (candidates.length === 0) {
    const inPool = new Set(pool.map((q) => q.id));
    const last = [...history].reverse().find((id) => inPool.has(id));
    history = history.filter((id) => !inPool.has(id));
    candidates = pool.length > 1 ? pool.filter((q) => q.id !== last) : pool;
  }
  const question = candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))]!;
  return { question, seen: [...history, question.id] };
}

/**
 * The questions a draw picks from: one theme's, or all of them less the themes the member
 * left out (all of them, should the pack have changed so that nothing else is left); an
 * unknown theme is refused. A theme asked for by name is drawn from even when left out:
 * the caller decides whether to ask first.
 */
export function questionPool(content: ContentPack, themeId: string | null, excludedThemes: readonly string[] = []): Question[] {
  if (themeId === null) {
    const excluded = new Set(excludedThemes);
    const kept = content.questions.filter((q) => !excluded.has(q.theme));
    return kept.length > 0 ? kept : content.questions;
  }
  if (!content.themes.some((t) => t.id === themeId)) {
    const themes = content.themes.map((t) => t.name).join(', ');
    throw new UserError(content.strings.t('reflect.errors.unknownTheme', { theme: themeId.slice(0, 100), themes }), 'unknown-theme');
  }
  return content.questions.filter((q) => q.theme === themeId);
}
