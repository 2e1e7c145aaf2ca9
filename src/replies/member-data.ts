import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { ContentPack } from '../content/content-pack.ts';
import { encodeCustomId } from '../discord/custom-ids.ts';
import type { ErasedKind, MemberRecordSummary } from '../members/member-data.ts';
import type { MemberPreferences } from '../storage/member-preferences.ts';
import { COLORS, noticeReply, type Reply } from './reply-payload.ts';

/** The name of the file /mydata export attaches. */
export const EXPORT_FILE_NAME = 'reconnect-my-data.json';

/** Theme names in the pack's order, joined as the locale joins a list ("Trust and Patience"). */
function themeNames(content: ContentPack, ids: readonly string[]): string {
  const names = content.themes.filter((t) => ids.includes(t.id)).map((t) => t.name);
  return content.strings.list(names, 'and');
}

/** The /preferences panel: what the member chose, a menu of themes to leave out, content notes on or off, and reset. */
export function preferencesReply(content: ContentPack, prefs: MemberPreferences): Reply {
  const { t } = content.strings;
  const excluded = new Set(prefs.excludedThemes);
  const themesMenu =
    // A pack of one theme leaves nothing to leave out (one must stay).
    content.themes.length > 1
      ? [
          {
            type: ComponentType.ActionRow as const,
            components: [
              {
                type: ComponentType.StringSelect as const,
                custom_id: encodeCustomId({ kind: 'preferences-themes' }),
                placeholder: t('preferences.menu'),
                min_values: 0,
                max_values: content.themes.length - 1,
                options: content.themes.map((theme) => ({
                  label: theme.name,
                  value: theme.id,
                  description: theme.description.slice(0, 100),
                  default: excluded.has(theme.id),
                })),
              },
            ],
          },
        ]
      : [];
  return {
    embeds: [
      {
        title: t('preferences.title'),
        color: COLORS.member,
        description: t('preferences.intro'),
        fields: [
          {
            name: t('preferences.excluded.label'),
            value:
              prefs.excludedThemes.length === 0
                ? t('preferences.excluded.none')
                : t('preferences.excluded.some', { themes: themeNames(content, prefs.excludedThemes) }),
          },
          {
            name: t('preferences.notes.label'),
            value: prefs.contentNotes ? t('preferences.notes.on') : t('preferences.notes.off'),
          },
        ],
      },
    ],
    components: [
      ...themesMenu,
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: prefs.contentNotes ? t('preferences.turnNotesOff') : t('preferences.turnNotesOn'),
            custom_id: encodeCustomId({ kind: 'preferences-notes', on: !prefs.contentNotes }),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t('preferences.reset'),
            custom_id: encodeCustomId({ kind: 'preferences-reset' }),
          },
        ],
      },
    ],
    ephemeral: true,
  };
}

/** One kind of record in plain words, without its content. */
function describeKind(content: ContentPack, summary: MemberRecordSummary): string | null {
  const { t } = content.strings;
  switch (summary.kind) {
    case 'reflect-history': {
      if (summary.count === 0 || summary.expiresAt === undefined) return t('mydata.kinds.reflectHistory.none');
      const seconds = Math.floor(summary.expiresAt / 1000);
      return t('mydata.kinds.reflectHistory.some', {
        count: summary.count,
        time: `<t:${seconds}:D>`,
        relative: `<t:${seconds}:R>`,
      });
    }
    case 'preferences': {
      if (summary.count === 0) return t('mydata.kinds.preferences.none');
      const excluded = Array.isArray(summary.details?.excludedThemes) ? summary.details.excludedThemes : [];
      const themes = excluded.length ? themeNames(content, excluded) : t('mydata.noTheme');
      return summary.details?.contentNotes === false
        ? t('mydata.kinds.preferences.notesOff', { themes })
        : t('mydata.kinds.preferences.notesOn', { themes });
    }
    case 'suggestions':
      return summary.count === 0
        ? t('mydata.kinds.suggestions.none')
        : t('mydata.kinds.suggestions.some', { count: summary.count });
    case 'anonymous-shares': {
      const blocked = typeof summary.details?.blockedInServers === 'number' ? summary.details.blockedInServers : 0;
      const shares =
        summary.count === 0
          ? t('mydata.kinds.anonymousShares.none')
          : t('mydata.kinds.anonymousShares.some', { count: summary.count });
      return blocked > 0 ? `${shares} ${t('mydata.kinds.anonymousShares.blocked', { count: blocked })}` : shares;
    }
    case 'review-decisions':
      // Only moderators have any; a member who never decided is not told about it.
      return summary.count === 0 ? null : t('mydata.kinds.reviewDecisions', { count: summary.count });
    default:
      return t('mydata.kinds.other', { kind: summary.kind, count: summary.count });
  }
}

/** /mydata show: everything kept about the member, kind by kind, in plain words and without content. Private. */
export function myDataReply(content: ContentPack, summaries: readonly MemberRecordSummary[]): Reply {
  const { t } = content.strings;
  return {
    embeds: [
      {
        title: t('mydata.title'),
        color: COLORS.member,
        description: [
          t('mydata.intro'),
          '',
          ...summaries.map((s) => describeKind(content, s)).filter((line) => line !== null),
        ].join('\n'),
        footer: { text: t('mydata.footer') },
      },
    ],
    components: [],
    ephemeral: true,
  };
}

/** /mydata export: the member's records as a JSON file. Private. */
export function myDataExportReply(
  content: ContentPack,
  data: { exportedAt: string; userId: string; records: Record<string, unknown> },
): Reply {
  return {
    ...noticeReply(content.strings.t('mydata.exported')),
    files: [{ name: EXPORT_FILE_NAME, text: `${JSON.stringify(data, null, 2)}\n` }],
  };
}

/** /mydata delete: what will go, and a button to erase it (or keep it). Private. */
export function myDataDeleteConfirmReply(content: ContentPack): Reply {
  const { t } = content.strings;
  return {
    ...noticeReply(t('mydata.delete.confirm')),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: t('mydata.delete.erase'),
            custom_id: encodeCustomId({ kind: 'mydata-erase' }),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t('mydata.delete.keep'),
            custom_id: encodeCustomId({ kind: 'mydata-keep' }),
          },
        ],
      },
    ],
  };
}

/** After the confirmation: what was erased, kind by kind (kinds that held nothing left out). */
export function myDataErasedReply(content: ContentPack, erased: readonly ErasedKind[]): Reply {
  const { t, list } = content.strings;
  const parts = erased
    .filter((e) => e.erased > 0)
    .map((e) => {
      switch (e.kind) {
        case 'reflect-history':
          return t('mydata.erased.reflectHistory', { count: e.erased });
        case 'preferences':
          return t('mydata.erased.preferences');
        case 'suggestions':
          return t('mydata.erased.suggestions', { count: e.erased });
        case 'anonymous-shares':
          return t('mydata.erased.anonymousShares', { count: e.erased });
        case 'review-decisions':
          return t('mydata.erased.reviewDecisions', { count: e.erased });
        default:
          return t('mydata.erased.other', { kind: e.kind, count: e.erased });
      }
    });
  return noticeReply(
    parts.length ? t('mydata.delete.done', { erased: list(parts, 'and') }) : t('mydata.delete.nothing'),
  );
}

/** The confirmation answered with "Keep it". */
export function myDataKeptReply(content: ContentPack): Reply {
  return noticeReply(content.strings.t('mydata.delete.kept'));
}
