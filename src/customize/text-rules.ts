/**
 * The rules a moderator's text meets before the bot keeps it: trimmed, not empty, within
 * the content pack's limit for its kind, and with no mention syntax left in it. Pure.
 */
import { CONTENT_LIMITS } from '../content/content-pack.ts';

/** The kinds of text a server can write, each with the pack's limit for the same kind. */
export const TEXT_LIMITS = {
  prompt: CONTENT_LIMITS.prompt,
  question: CONTENT_LIMITS.question,
  support: CONTENT_LIMITS.supportBody,
} as const;
export type TextKind = keyof typeof TEXT_LIMITS;

/** Zero-width space: placed inside mention syntax, it shows the same and no longer mentions anyone. */
const ZWSP = '\u200b';

/**
 * The text with every mention made plain: `@everyone` and `@here`, users (`<@id>`,
 * `<@!id>`), roles (`<@&id>`), channels (`<#id>`), slash commands (`</name:id>`) and
 * guild navigation (`<id:…>`) read as typed but are no longer mention syntax.
 * allowed_mentions already keeps a post from pinging; this keeps it from even showing
 * a mention, in a post, an embed or an export.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(@[!&]?|#|\/|id:)/g, `<${ZWSP}$1`);
}

/** Why a text cannot be kept. */
export type TextProblem = { problem: 'empty' } | { problem: 'too-long'; length: number; max: number };

/**
 * The text as it will be kept (trimmed, mentions made plain), or why it cannot be. The
 * limit counts the text as kept, so what a moderator sees listed fits where it goes.
 */
export function checkText(kind: TextKind, raw: string): { ok: true; text: string } | ({ ok: false } & TextProblem) {
  const text = neutraliseMentions(raw.trim());
  if (text.length === 0) return { ok: false, problem: 'empty' };
  const max = TEXT_LIMITS[kind];
  if (text.length > max) return { ok: false, problem: 'too-long', length: text.length, max };
  return { ok: true, text };
}
