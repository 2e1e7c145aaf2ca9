import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import type { APIEmbedField } from 'discord-api-types/v10';
import type { Prompt } from '../content/content-pack.ts';
import { neededPermissionNames } from '../daily/channel-requirements.ts';
import { MAX_FAILED_DAYS } from '../daily/failure-policy.ts';
import type { Subscription } from '../storage/store.ts';
import type { LegacyZone } from '../daily/legacy-zones.ts';
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

function settingsLine(sub: Subscription, roleGone = false): string {
  const parts = [`every day at **${sub.time}** (${sub.zone})`];
  parts.push(sub.roleId && !roleGone ? `mentions <@&${sub.roleId}>` : 'mentions nobody');
  parts.push(sub.thread ? 'starts a thread for replies' : 'no thread');
  return parts.join(' · ');
}

/** The confirmation of /smallwins enable. */
export function enabledReply(sub: Subscription, nextAt: number, updated: boolean): Reply {
  return noticeReply(
    [
      `${updated ? 'Updated' : 'Small wins is on'} in <#${sub.channelId}>: ${settingsLine(sub)}.`,
      `Next post: ${stamp(nextAt)} (${stamp(nextAt, 'R')}).`,
      'Use `/smallwins preview` to see the prompt it will carry, or `/smallwins post-now` for a test post.',
    ].join('\n'),
  );
}

/** The answer to /smallwins disable: off, a switched-off channel's notice dismissed, or it was not on. */
export function disabledReply(channelId: string, was: 'on' | 'switched-off' | 'off'): Reply {
  if (was === 'switched-off') return noticeReply(`Dismissed: small wins stays off in <#${channelId}> and no longer shows in \`/smallwins status\`.`);
  return noticeReply(
    was === 'on' ? `Small wins is off in <#${channelId}>. Nothing more will be posted there.` : `Small wins was not on in <#${channelId}>.`,
  );
}

/** "A", "A and B", "A, B and C". */
function listed(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/** Every opted-in channel of a server, with its settings, next and last post, and any problem. */
export function statusReply(subs: StatusEntry[]): Reply {
  if (subs.length === 0) return noticeReply('Small wins is not on in any channel here. Start it with `/smallwins enable`.');
  const shown = subs.slice(0, DISCORD_LIMITS.embedFields);
  const fields: APIEmbedField[] = shown.map(({ sub, nextAt, roleGone = false }, i) => {
    const last = `Last: ${sub.lastPostedAt ? stamp(sub.lastPostedAt, 'f') : 'not yet posted'}`;
    if (sub.switchedOff) {
      const off = sub.switchedOff;
      const grant = off.missing.length ? off.missing : neededPermissionNames(sub);
      const lines = [
        `<#${sub.channelId}> ${settingsLine(sub, roleGone)}`,
        `⛔ Switched off ${stamp(off.at, 'f')}: posting was refused ${MAX_FAILED_DAYS} days in a row (${off.reason.slice(0, 200)}).`,
        `Grant me ${listed(grant)} in <#${sub.channelId}>, then \`/smallwins enable\` it again; or \`/smallwins disable\` it to dismiss this.`,
        last,
      ];
      return { name: `${i + 1}.`, value: lines.join('\n').slice(0, DISCORD_LIMITS.embedFieldValue) };
    }
    const lines = [
      `<#${sub.channelId}> ${settingsLine(sub, roleGone)}`,
      `Next: ${nextAt ? `${stamp(nextAt, 'f')} (${stamp(nextAt, 'R')})` : 'not scheduled'}`,
      last,
    ];
    if (roleGone) {
      lines.push('⚠️ The role to mention no longer exists, so posts go out without a mention. Choose another role with `/smallwins enable`, or leave `role` out.');
    }
    if (sub.problem) {
      lines.push(`⚠️ ${sub.problem.message.slice(0, 300)} (since ${stamp(sub.problem.since, 'd')})`);
      if (sub.problem.failedDates.length) lines.push(`Refused ${sub.problem.failedDates.length} of ${MAX_FAILED_DAYS} days before it is switched off.`);
    }
    return { name: `${i + 1}.`, value: lines.join('\n').slice(0, DISCORD_LIMITS.embedFieldValue) };
  });
  return {
    embeds: [
      {
        title: `Small wins in ${subs.length} channel${subs.length === 1 ? '' : 's'}`,
        color: COLORS.about,
        fields,
        ...(subs.length > shown.length ? { footer: { text: `and ${subs.length - shown.length} more not shown` } } : {}),
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
export function previewReply(sub: Subscription, prompt: Prompt, nextAt: number | undefined): Reply {
  const dueDate = localDateOf(new Date(nextAt ?? Date.now()), sub.zone);
  const post = dailyPostMessage(prompt, sub.channelId, dueDate, sub.roleId);
  const header = `Preview for <#${sub.channelId}>${nextAt ? `, due ${stamp(nextAt)} (${stamp(nextAt, 'R')})` : ''}:`;
  return {
    content: post.content ? `${header}\n${post.content}` : header,
    embeds: post.embeds ?? [],
    components: [],
    ephemeral: true,
  };
}

/** The answer to post-now: the test post went out, and when the next daily post does. */
export function postedNowReply(channelId: string, nextAt: number | undefined): Reply {
  const next = nextAt
    ? `the next daily post goes out ${stamp(nextAt)} (${stamp(nextAt, 'R')}).`
    : 'no daily post is scheduled there.';
  return noticeReply(`Test post sent to <#${channelId}>. The daily schedule is unchanged: ${next}`);
}

/**
 * Why a zone name that is not a city zone (EST, CET, Etc/GMT+5) was not stored, what it
 * stands for, and the city zones to run the command again with.
 */
export function legacyZoneMessage(legacy: LegacyZone): string {
  const named = `"${legacy.input}"${legacy.name ? ` (${legacy.name})` : ''}`;
  const zone = legacy.linksTo && legacy.linksTo.toLowerCase() !== legacy.input.toLowerCase() ? ` (the zone ${legacy.linksTo})` : '';
  const lines = [
    legacy.offsets
      ? `${named} is not a city time zone: it means ${legacy.offsets}${zone}. Nothing was changed.`
      : `${named} is an abbreviation, not a time zone. Nothing was changed.`,
  ];
  const [first, ...others] = legacy.suggestions;
  if (first) {
    const choices = others.length ? `${others.length > 1 ? `${first}, ${others.slice(0, -1).join(', ')}` : first} or ${others.at(-1)}` : first;
    lines.push(`Run the command again with the city zone your community lives by, e.g. ${choices}: a city zone follows its own clock changes.`);
  } else {
    lines.push('Run the command again with the city zone your community lives by, e.g. Europe/London or America/New_York.');
  }
  if (legacy.sameAllYear) lines.push(`To keep ${legacy.input}'s offset all year, use ${legacy.sameAllYear}.`);
  return lines.join('\n');
}
