import { createHash } from 'node:crypto';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { DateTime } from 'luxon';
import type { Prompt } from '../content/content-pack.ts';

const DAILY_POST_COLOR = 0xf6c667;
/** Marks the bot's daily posts, so one can be recognised in a channel's history. */
const DAILY_FOOTER_PREFIX = 'Small wins';

/**
 * The nonce of a channel's post for a local date: the same on every retry and every
 * instance, so with enforce_nonce Discord creates the message at most once. Discord
 * allows nonces of up to 25 characters.
 */
function dailyNonce(channelId: string, localDate: string): string {
  return createHash('sha256').update(`reconnect:${channelId}:${localDate}`).digest('base64url').slice(0, DISCORD_LIMITS.nonce);
}

/** "Wednesday 25 November" for a local date. */
function readableDate(localDate: string): string {
  return DateTime.fromISO(localDate, { zone: 'UTC' }).setLocale('en-GB').toFormat('cccc d LLLL');
}

function dailyPostTitle(localDate: string, test: boolean): string {
  return test ? `Small wins (test post) · ${readableDate(localDate)}` : `Small wins · ${readableDate(localDate)}`;
}

/** The embed of a daily post: the prompt, the local date, and where to go next. */
function dailyPostEmbed(prompt: Prompt, localDate: string, options: { test?: boolean } = {}): APIEmbed {
  return {
    title: dailyPostTitle(localDate, options.test ?? false),
    color: DAILY_POST_COLOR,
    description: prompt.text,
    footer: {
      text: `${DAILY_FOOTER_PREFIX} ${localDate} · Want more? Try /reflect for a question, or /article to read at your own pace.`,
    },
  };
}

/**
 * Whether a message's embeds are the daily post of that local date: never a test post
 * (which carries the same footer), never another date's.
 */
export function isDailyPostOf(embeds: readonly Pick<APIEmbed, 'title' | 'footer'>[], localDate: string): boolean {
  const embed = embeds[0];
  return embed?.title === dailyPostTitle(localDate, false) && (embed.footer?.text.startsWith(`${DAILY_FOOTER_PREFIX} ${localDate} `) ?? false);
}

/**
 * The message body of a daily post. With a role, the message mentions that role and
 * allowed_mentions allows that role only: never @everyone, @here or anyone else.
 */
export function dailyPostMessage(
  prompt: Prompt,
  channelId: string,
  localDate: string,
  roleId: string | null,
  options: { test?: boolean } = {},
): RESTPostAPIChannelMessageJSONBody {
  return {
    ...(roleId ? { content: `<@&${roleId}>` } : {}),
    embeds: [dailyPostEmbed(prompt, localDate, options)],
    allowed_mentions: { parse: [], roles: roleId ? [roleId] : [] },
    ...(options.test ? {} : { nonce: dailyNonce(channelId, localDate), enforce_nonce: true }),
  };
}

/** The name of the thread started on a daily post. */
export function dailyThreadName(localDate: string): string {
  return `Small wins · ${readableDate(localDate)}`;
}
