import type { Strings } from '../content/strings.ts';
import type { Theme } from '../content/content-pack.ts';
import type { ImportSummary, ListPage } from '../customize/server-customization.ts';
import type { PoolChoice, ServerPrompt, ServerQuestion, ServerSettings } from '../storage/store.ts';
import { COLORS, noticeReply, type Reply } from './reply-payload.ts';

/** A moderator's text quoted on its own lines: every line of a block quote starts with "> ". */
const quote = (text: string) => text.replace(/\n/g, '\n> ');

const themeName = (themes: readonly Theme[], id: string) => themes.find((t) => t.id === id)?.name ?? id;

export function promptAddedReply(strings: Strings, prompt: ServerPrompt): Reply {
  return noticeReply(strings.t('customize.prompts.added', { id: prompt.id, text: quote(prompt.text) }));
}

export function promptRemovedReply(strings: Strings, prompt: ServerPrompt): Reply {
  return noticeReply(strings.t('customize.prompts.removed', { id: prompt.id, text: quote(prompt.text) }));
}

export function questionAddedReply(strings: Strings, themes: readonly Theme[], question: ServerQuestion): Reply {
  return noticeReply(
    strings.t('customize.questions.added', {
      id: question.id,
      theme: themeName(themes, question.theme),
      text: quote(question.text),
    }),
  );
}

export function questionRemovedReply(strings: Strings, question: ServerQuestion): Reply {
  return noticeReply(strings.t('customize.questions.removed', { id: question.id, text: quote(question.text) }));
}

/** One page of the server's prompts, newest first, each with its short id. */
export function promptListReply(strings: Strings, list: ListPage<ServerPrompt>): Reply {
  const { t } = strings;
  if (list.total === 0) return noticeReply(t('customize.prompts.empty'));
  const lines = list.items.map((p) => t('customize.list.entry', { id: p.id, text: p.text }));
  return listReply(
    t('customize.prompts.title', { count: list.total }),
    lines,
    t('customize.list.footer', { page: list.page, pages: list.pages }),
  );
}

export function questionListReply(strings: Strings, themes: readonly Theme[], list: ListPage<ServerQuestion>): Reply {
  const { t } = strings;
  if (list.total === 0) return noticeReply(t('customize.questions.empty'));
  const lines = list.items.map((q) =>
    t('customize.questions.entry', { id: q.id, theme: themeName(themes, q.theme), text: q.text }),
  );
  return listReply(
    t('customize.questions.title', { count: list.total }),
    lines,
    t('customize.list.footer', { page: list.page, pages: list.pages }),
  );
}

/** Ten entries of at most 400 characters each stay well within an embed's 4,096. */
function listReply(title: string, lines: string[], footer: string): Reply {
  return {
    embeds: [{ title, color: COLORS.about, description: lines.join('\n\n'), footer: { text: footer } }],
    components: [],
    ephemeral: true,
  };
}

const POOL_WORDS = {
  'built-in': 'customize.use.pools.builtIn',
  server: 'customize.use.pools.server',
  both: 'customize.use.pools.both',
} as const;
const poolWords = (strings: Strings, pool: PoolChoice) => strings.t(POOL_WORDS[pool]);

export function useReply(strings: Strings, settings: ServerSettings): Reply {
  return noticeReply(
    strings.t('customize.use.done', {
      prompts: poolWords(strings, settings.prompts),
      questions: poolWords(strings, settings.questions),
    }),
  );
}

/** The note shown, in an embed as /about shows it. */
export function supportReply(
  strings: Strings,
  intro: 'set' | 'showOwn' | 'showPack',
  note: { title: string; body: string },
): Reply {
  const key =
    intro === 'set'
      ? 'customize.support.set'
      : intro === 'showOwn'
        ? 'customize.support.showOwn'
        : 'customize.support.showPack';
  return {
    content: strings.t(key),
    embeds: [{ title: note.title, color: COLORS.about, description: note.body }],
    components: [],
    ephemeral: true,
  };
}

export function supportResetReply(strings: Strings): Reply {
  return noticeReply(strings.t('customize.support.reset'));
}

/** The export: the file, and what it holds. */
export function exportReply(
  strings: Strings,
  file: { name: string; text: string; prompts: number; questions: number; channels: number },
): Reply {
  return {
    content: strings.t('customize.export.done', {
      prompts: file.prompts,
      questions: file.questions,
      channels: file.channels,
    }),
    embeds: [],
    components: [],
    ephemeral: true,
    files: [{ name: file.name, text: file.text }],
  };
}

/** Channels an import answer names in each of its lines before it only counts the rest. */
const CHANNELS_NAMED = 8;

/** What an import did: the texts added and skipped, and per channel what became of its /smallwins settings. */
export function importReply(strings: Strings, summary: ImportSummary): Reply {
  const { t } = strings;
  const counts = (what: string, c: { added: number; skipped: number }) =>
    t('customize.import.counts', { what, added: c.added, skipped: c.skipped });
  const support = {
    set: 'customize.import.supportSet',
    reset: 'customize.import.supportReset',
    unchanged: 'customize.import.supportUnchanged',
  } as const;
  const lines = [
    t('customize.import.done', {
      prompts: counts(t('customize.import.promptsWord'), summary.prompts),
      questions: counts(t('customize.import.questionsWord'), summary.questions),
      support: t(support[summary.supportNote]),
    }),
  ];
  const channels = (outcome: ImportSummary['smallwins'][number]['outcome'] | 'role-dropped') =>
    summary.smallwins
      .filter((c) => (outcome === 'role-dropped' ? c.roleDropped : c.outcome === outcome))
      .map((c) => c.channelId);
  const smallwinsLines = [
    ['applied', 'customize.import.smallwins.applied'],
    ['updated', 'customize.import.smallwins.updated'],
    ['same', 'customize.import.smallwins.same'],
    ['not-here', 'customize.import.smallwins.notHere'],
  ] as const;
  // Mentions of channels notify nobody; a long list is cut so the answer stays within one message.
  const named = (ids: string[]) => {
    const some = ids.slice(0, CHANNELS_NAMED).map((id) => `<#${id}>`);
    if (ids.length > CHANNELS_NAMED)
      some.push(t('customize.import.smallwins.more', { count: ids.length - CHANNELS_NAMED }));
    return strings.list(some, 'and');
  };
  for (const [outcome, key] of smallwinsLines) {
    const ids = channels(outcome);
    if (ids.length) lines.push(t(key, { count: ids.length, channels: named(ids) }));
  }
  const roleDropped = channels('role-dropped');
  if (roleDropped.length) lines.push(t('customize.import.smallwins.roleDropped', { channels: named(roleDropped) }));
  return noticeReply(lines.join('\n'));
}
