/**
 * The rules of members' contributions, as pure functions: how long a text may be, how many
 * may wait or be shared, when two texts are the same, and the opaque reference that stands
 * for an anonymous sender.
 */
import { textKey } from '../storage/server-content.ts';
import type { SubmissionKind } from '../storage/store.ts';

/** The most suggestions one member may have waiting for review in one server. */
export const MAX_PENDING_SUGGESTIONS = 5;
/** The most anonymous small wins one member may share in one server per {@link SHARE_WINDOW_MS}. */
export const MAX_SHARES_PER_DAY = 3;
export const SHARE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The longest text of each kind: a small win's, and the content pack's own limits for prompts and questions. */
export const MAX_LENGTH: Record<SubmissionKind, number> = { win: 500, prompt: 400, question: 300 };

/** A member's text, trimmed and checked: the text, or why it cannot be taken. */
export function checkText(
  text: string,
  kind: SubmissionKind,
): { text: string } | { problem: 'empty' } | { problem: 'too-long'; length: number; max: number } {
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length === 0) return { problem: 'empty' };
  if (length > MAX_LENGTH[kind]) return { problem: 'too-long', length, max: MAX_LENGTH[kind] };
  return { text: trimmed };
}

/** Whether `text` is one of `existing`, compared as the server's own pools compare texts ({@link textKey}). */
export function isDuplicate(text: string, existing: Iterable<string>): boolean {
  const key = textKey(text);
  for (const other of existing) if (textKey(other) === key) return true;
  return false;
}

/** The opaque reference of an anonymous sender in one server; the store keeps only this. */
export { senderRef } from '../storage/contributions.ts';
