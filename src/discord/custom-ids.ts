import { DISCORD_LIMITS } from '@reconnect/discord-limits';

/**
 * Buttons and menus carry their whole state in the custom id, so they keep working
 * after a restart and need nothing in memory. Every id is checked on the way back in:
 * Discord delivers whatever a client sends, so a forged or stale id must be refused
 * (the router answers it with a clear message), never trusted.
 */
export type ComponentAction =
  | { kind: 'article-open' } // the contents menu; the chosen section arrives as the menu value
  | { kind: 'article-go'; sectionId: string } // Previous / Next
  | { kind: 'article-contents' }
  | { kind: 'reflect-next'; themeId: string | null } // "Another question"; null = any theme
  | { kind: 'reflect-once'; themeId: string; share: boolean } // a theme the member left out, drawn this once
  | { kind: 'preferences-themes' } // the menu of themes to leave out; the choice arrives as the menu's values
  | { kind: 'preferences-notes'; on: boolean }
  | { kind: 'preferences-reset' }
  | { kind: 'mydata-erase' } // the confirmation of /mydata delete
  | { kind: 'mydata-keep' }
  // Members' contributions: only a submission's id (or a daily post's), never who sent it.
  | { kind: 'contribute-decide'; submissionId: string; decision: 'approve' | 'reject' }
  | { kind: 'contribute-block'; submissionId: string }
  | { kind: 'contribute-share' } // "Share a small win anonymously" on a daily post
  | { kind: 'contribute-suggest-form'; suggestionKind: 'prompt' | 'question'; themeId: string | null } // the /suggest modal
  | { kind: 'contribute-share-form'; postId: string }; // the small-win modal, for the daily post it came from

const ID = '[a-z0-9]+(?:-[a-z0-9]+)*';
const patterns: Array<[RegExp, (m: RegExpMatchArray) => ComponentAction]> = [
  [/^art:menu$/, () => ({ kind: 'article-open' })],
  [new RegExp(`^art:go:(${ID})$`), (m) => ({ kind: 'article-go', sectionId: m[1]! })],
  [/^art:toc$/, () => ({ kind: 'article-contents' })],
  [new RegExp(`^rfl:next:(${ID}|\\*)$`), (m) => ({ kind: 'reflect-next', themeId: m[1] === '*' ? null : m[1]! })],
  [new RegExp(`^rfl:once:(${ID}):([01])$`), (m) => ({ kind: 'reflect-once', themeId: m[1]!, share: m[2] === '1' })],
  [/^prf:themes$/, () => ({ kind: 'preferences-themes' })],
  [/^prf:notes:(on|off)$/, (m) => ({ kind: 'preferences-notes', on: m[1] === 'on' })],
  [/^prf:reset$/, () => ({ kind: 'preferences-reset' })],
  [/^myd:erase$/, () => ({ kind: 'mydata-erase' })],
  [/^myd:keep$/, () => ({ kind: 'mydata-keep' })],
  [
    /^ctb:(ok|no):([0-9a-f]{16})$/,
    (m) => ({ kind: 'contribute-decide', submissionId: m[2]!, decision: m[1] === 'ok' ? 'approve' : 'reject' }),
  ],
  [/^ctb:block:([0-9a-f]{16})$/, (m) => ({ kind: 'contribute-block', submissionId: m[1]! })],
  [/^ctb:share$/, () => ({ kind: 'contribute-share' })],
  [
    new RegExp(`^ctb:suggest:(prompt|question):(${ID}|\\*)$`),
    (m) => ({
      kind: 'contribute-suggest-form',
      suggestionKind: m[1] as 'prompt' | 'question',
      themeId: m[2] === '*' ? null : m[2]!,
    }),
  ],
  [/^ctb:win:([0-9]{1,20})$/, (m) => ({ kind: 'contribute-share-form', postId: m[1]! })],
];

/** The custom id for an action; always within Discord's 100-character limit for valid ids. */
export function encodeCustomId(action: ComponentAction): string {
  switch (action.kind) {
    case 'article-open':
      return 'art:menu';
    case 'article-go':
      return `art:go:${action.sectionId}`;
    case 'article-contents':
      return 'art:toc';
    case 'reflect-next':
      return `rfl:next:${action.themeId ?? '*'}`;
    case 'reflect-once':
      return `rfl:once:${action.themeId}:${action.share ? 1 : 0}`;
    case 'preferences-themes':
      return 'prf:themes';
    case 'preferences-notes':
      return `prf:notes:${action.on ? 'on' : 'off'}`;
    case 'preferences-reset':
      return 'prf:reset';
    case 'mydata-erase':
      return 'myd:erase';
    case 'mydata-keep':
      return 'myd:keep';
    case 'contribute-decide':
      return `ctb:${action.decision === 'approve' ? 'ok' : 'no'}:${action.submissionId}`;
    case 'contribute-block':
      return `ctb:block:${action.submissionId}`;
    case 'contribute-share':
      return 'ctb:share';
    case 'contribute-suggest-form':
      return `ctb:suggest:${action.suggestionKind}:${action.themeId ?? '*'}`;
    case 'contribute-share-form':
      return `ctb:win:${action.postId}`;
  }
}

/** Custom ids of disabled placeholder buttons; Discord never sends clicks for them. */
export const DISABLED_PREVIOUS_ID = 'art:none:prev';
export const DISABLED_NEXT_ID = 'art:none:next';

/** Parses a custom id from a click; null for anything this bot did not make. */
export function decodeCustomId(customId: string): ComponentAction | null {
  if (customId.length <= DISCORD_LIMITS.customId) {
    for (const [pattern, build] of patterns) {
      const match = customId.match(pattern);
      if (match) return build(match);
    }
  }
  return null;
}
