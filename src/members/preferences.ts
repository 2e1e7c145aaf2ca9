/**
 * The rules of a member's preferences, pure: which themes may be left out of /reflect
 * draws, and when a heavier text shows its content note first.
 */
import type { ContentPack } from '../content/content-pack.ts';
import { UserError } from '../discord/errors.ts';

/**
 * The themes a member chose to leave out, checked: every id must be a theme of the pack,
 * and at least one theme must stay. Refused with a clear message otherwise (nothing changes).
 */
export function checkedExclusion(
  content: Pick<ContentPack, 'themes' | 'strings'>,
  chosen: readonly string[],
): string[] {
  const known = new Set(content.themes.map((t) => t.id));
  const unique = [...new Set(chosen)];
  if (unique.some((id) => !known.has(id)))
    throw new UserError(content.strings.t('errors.staleComponent'), 'stale-component');
  if (unique.length >= content.themes.length)
    throw new UserError(content.strings.t('preferences.errors.allThemes'), 'all-themes-excluded');
  // In the pack's order, so the panel and /mydata list them as /reflect does.
  return content.themes.map((t) => t.id).filter((id) => unique.includes(id));
}

/**
 * Whether a heavier text shows its content note: on a private reply, as the member chose;
 * on a shared one, always, since the channel's readers chose nothing.
 */
export function showsContentNote(
  note: string | undefined,
  options: { contentNotes: boolean; ephemeral: boolean },
): note is string {
  return note !== undefined && (options.contentNotes || !options.ephemeral);
}
