import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import type { APIEmbedField } from 'discord-api-types/v10';
import type { Prompt } from '../content/content-pack.ts';
import type { Strings } from '../content/strings.ts';
import { neededPermissionNames } from '../daily/channel-requirements.ts';
import { MAX_FAILED_DAYS } from '../daily/failure-policy.ts';
import type { Subscription } from '../storage/store.ts';
import type { LegacyZone } from '../daily/legacy-zones.ts';
import { isEveryDay, presetOf } from '../daily/post-days.ts';
import { localDateOf } from '../daily/time-rules.ts';
import { dailyPostMessage } from './daily-post-message.ts';
import { COLORS, noticeReply, type Reply } from './reply-payload.ts';

/** A Discord timestamp: every member sees it in their own time zone. */
const stamp = (ms: number, style: 'F' | 'R' | 'f' | 'd' = 'F') => `<t:${Math.floor(ms / 1000)}:${style}>`;

/** A subscription as status shows it; `roleGone` when its role was deleted since enable. */
export interface StatusEntry {
  sub: Subscription;
  nextAt: number | undefined;
  roleGone?: boolean;
}

/** The days posts go out on, when not every day: "on weekdays", "on Monday, Wednesday and Friday". */
function daysText(strings: Strings, days: readonly number[]): string {
  const preset = presetOf(days);
  if (preset === 'weekdays') return strings.t('smallwins.days.weekdays');
  if (preset === 'weekends') return strings.t('smallwins.days.weekends');
  // Weekday names in the wording's language: 2024-01-01 was a Monday.
  const name = new Intl.DateTimeFormat(strings.locale, { weekday: 'long', timeZone: 'UTC' });
  const names = days.map((d) => name.format(Date.UTC(2024, 0, d)));
  return strings.t('smallwins.days.some', { days: strings.list(names, 'and') });
}

function settingsLine(strings: Strings, sub: Subscription, roleGone = false): string {
  const { t } = strings;
  const parts = [
    isEveryDay(sub.days)
      ? t('smallwins.settings.schedule', { time: sub.time, zone: sub.zone })
      : t('smallwins.settings.scheduleDays', { days: daysText(strings, sub.days!), time: sub.time, zone: sub.zone }),
  ];
  parts.push(
    sub.roleId && !roleGone
      ? t('smallwins.settings.mentionsRole', { role: `<@&${sub.roleId}>` })
      : t('smallwins.settings.mentionsNobody'),
  );
  parts.push(sub.thread ? t('smallwins.settings.thread') : t('smallwins.settings.noThread'));
  if (sub.pin) parts.push(t('smallwins.settings.pin'));
  return parts.join(' · ');
}

/** The confirmation of /smallwins enable. */
export function enabledReply(strings: Strings, sub: Subscription, nextAt: number, updated: boolean): Reply {
  const { t } = strings;
  const where = { channel: `<#${sub.channelId}>`, settings: settingsLine(strings, sub) };
  return noticeReply(
    [
      updated ? t('smallwins.enabled.updated', where) : t('smallwins.enabled.on', where),
      t('smallwins.enabled.next', { time: stamp(nextAt), relative: stamp(nextAt, 'R') }),
      t('smallwins.enabled.hint'),
    ].join('\n'),
  );
}

/** The answer to /smallwins disable: off, a switched-off channel's notice dismissed, or it was not on. */
export function disabledReply(strings: Strings, channelId: string, was: 'on' | 'switched-off' | 'off'): Reply {
  const channel = `<#${channelId}>`;
  const key =
    was === 'switched-off'
      ? 'smallwins.disabled.dismissed'
      : was === 'on'
        ? 'smallwins.disabled.off'
        : 'smallwins.disabled.wasOff';
  return noticeReply(strings.t(key, { channel }));
}

/** Every opted-in channel of a server, with its settings, next and last post, and any problem. */
export function statusReply(strings: Strings, subs: StatusEntry[]): Reply {
  const { t } = strings;
  if (subs.length === 0) return noticeReply(t('smallwins.notOnAnywhere'));
  const shown = subs.slice(0, DISCORD_LIMITS.embedFields);
  const fields: APIEmbedField[] = shown.map(({ sub, nextAt, roleGone = false }, i) => {
    const channel = `<#${sub.channelId}>`;
    const name = t('smallwins.status.entry', { number: i + 1 });
    const last = sub.lastPostedAt
      ? t('smallwins.status.last', { time: stamp(sub.lastPostedAt, 'f') })
      : t('smallwins.status.neverPosted');
    if (sub.switchedOff) {
      const off = sub.switchedOff;
      const grant = off.missing.length ? off.missing : neededPermissionNames(strings, sub);
      const lines = [
        t('smallwins.status.channel', { channel, settings: settingsLine(strings, sub, roleGone) }),
        t('smallwins.status.switchedOff', {
          time: stamp(off.at, 'f'),
          days: MAX_FAILED_DAYS,
          reason: off.reason.slice(0, 200),
        }),
        t('smallwins.status.grant', { permissions: strings.list(grant, 'and'), channel }),
        last,
      ];
      return { name, value: lines.join('\n').slice(0, DISCORD_LIMITS.embedFieldValue) };
    }
    const lines = [
      t('smallwins.status.channel', { channel, settings: settingsLine(strings, sub, roleGone) }),
      nextAt
        ? t('smallwins.status.next', { time: stamp(nextAt, 'f'), relative: stamp(nextAt, 'R') })
        : t('smallwins.status.notScheduled'),
      last,
    ];
    if (roleGone) lines.push(t('smallwins.status.roleGone'));
    if (sub.problem) {
      lines.push(
        t('smallwins.status.problem', {
          problem: sub.problem.message.slice(0, 300),
          date: stamp(sub.problem.since, 'd'),
        }),
      );
      const refused = sub.problem.failedDates.length;
      if (refused) lines.push(t('smallwins.status.refusedDays', { count: refused, days: MAX_FAILED_DAYS }));
    }
    return { name, value: lines.join('\n').slice(0, DISCORD_LIMITS.embedFieldValue) };
  });
  return {
    embeds: [
      {
        title: t('smallwins.status.title', { count: subs.length }),
        color: COLORS.about,
        fields,
        ...(subs.length > shown.length
          ? { footer: { text: t('smallwins.status.more', { count: subs.length - shown.length }) } }
          : {}),
      },
    ],
    components: [],
    ephemeral: true,
  };
}

/**
 * The channel's next post exactly as it will go out (the same builder as the post, dated
 * with the day it is due), with its role mention shown; the reply itself pings nobody.
 */
export function previewReply(strings: Strings, sub: Subscription, prompt: Prompt, nextAt: number | undefined): Reply {
  const dueDate = localDateOf(new Date(nextAt ?? Date.now()), sub.zone);
  const post = dailyPostMessage(strings, prompt, sub.channelId, dueDate, sub.roleId);
  const channel = `<#${sub.channelId}>`;
  const header = nextAt
    ? strings.t('smallwins.preview.due', { channel, time: stamp(nextAt), relative: stamp(nextAt, 'R') })
    : strings.t('smallwins.preview.unscheduled', { channel });
  return {
    content: post.content ? `${header}\n${post.content}` : header,
    embeds: post.embeds ?? [],
    components: [],
    ephemeral: true,
  };
}

/** The answer to post-now: the test post went out, and when the next daily post does. */
export function postedNowReply(strings: Strings, channelId: string, nextAt: number | undefined): Reply {
  const channel = `<#${channelId}>`;
  return noticeReply(
    nextAt
      ? strings.t('smallwins.postedNow.scheduled', { channel, time: stamp(nextAt), relative: stamp(nextAt, 'R') })
      : strings.t('smallwins.postedNow.unscheduled', { channel }),
  );
}

/**
 * Why a zone name that is not a city zone (EST, CET, Etc/GMT+5) was not stored, what it
 * stands for, and the city zones to run the command again with.
 */
export function legacyZoneMessage(strings: Strings, legacy: LegacyZone): string {
  const { t } = strings;
  const zone = legacy.name
    ? t('zones.named', { input: legacy.input, name: t(legacy.name) })
    : t('zones.unnamed', { input: legacy.input });
  const offsets = !legacy.offsets
    ? null
    : legacy.offsets.summer
      ? t('zones.summerOffset', { standard: legacy.offsets.standard, summer: legacy.offsets.summer })
      : t('zones.fixedOffset', { offset: legacy.offsets.standard });
  const link = legacy.linksTo && legacy.linksTo.toLowerCase() !== legacy.input.toLowerCase() ? legacy.linksTo : null;
  const lines = [
    offsets === null
      ? t('zones.abbreviation', { zone })
      : link
        ? t('zones.notCityLinked', { zone, offsets, link })
        : t('zones.notCity', { zone, offsets }),
  ];
  lines.push(
    legacy.suggestions.length
      ? t('zones.useCity', { zones: strings.list(legacy.suggestions, 'or') })
      : t('zones.useAnyCity'),
  );
  if (legacy.sameAllYear) lines.push(t('zones.sameAllYear', { input: legacy.input, zone: legacy.sameAllYear }));
  return lines.join('\n');
}
