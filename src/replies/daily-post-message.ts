import { createHash } from 'node:crypto';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { DateTime } from 'luxon';
import type { Prompt } from '../content/content-pack.ts';
import type { Strings } from '../content/strings.ts';
import { shareWinRow } from './contribute.ts';

const DAILY_POST_COLOR = 0xf6c667;

/**
 * The nonce of a channel's post for a local date: the same on every retry and every
 * instance, so with enforce_nonce Discord creates the message at most once. Discord
 * allows nonces of up to 25 characters.
 */
function dailyNonce(channelId: string, localDate: string): string {
  return createHash('sha256')
    .update(`reconnect:${channelId}:${localDate}`)
    .digest('base64url')
    .slice(0, DISCORD_LIMITS.nonce);
}

/** "Wednesday 25 November" for a local date, as the wording's locale writes it. */
function readableDate(strings: Strings, localDate: string): string {
  return DateTime.fromISO(localDate, { zone: 'UTC' })
    .setLocale(strings.locale)
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
}

function dailyPostTitle(strings: Strings, localDate: string, test: boolean): string {
  return strings.t(test ? 'daily.post.testTitle' : 'daily.post.title', { date: readableDate(strings, localDate) });
}

/** The footer marks the bot's daily posts with their local date, so one can be recognised in a channel's history. */
function dailyPostFooter(strings: Strings, localDate: string): string {
  return strings.t('daily.post.footer', { localDate });
}

/** The embed of a daily post: the prompt, the local date, and where to go next. */
function dailyPostEmbed(
  strings: Strings,
  prompt: Prompt,
  localDate: string,
  options: { test?: boolean } = {},
): APIEmbed {
  return {
    title: dailyPostTitle(strings, localDate, options.test ?? false),
    color: DAILY_POST_COLOR,
    description: prompt.text,
    footer: { text: dailyPostFooter(strings, localDate) },
  };
}

/**
 * Whether a message's embeds are the daily post of that local date: never a test post
 * (which carries the same footer), never another date's. The title has no year, so the
 * footer's date decides; the rest of the footer may have been reworded since it was sent.
 */
export function isDailyPostOf(
  strings: Strings,
  embeds: readonly Pick<APIEmbed, 'title' | 'footer'>[],
  localDate: string,
): boolean {
  const embed = embeds[0];
  return (
    embed?.title === dailyPostTitle(strings, localDate, false) && (embed.footer?.text.includes(localDate) ?? false)
  );
}

/**
 * The message body of a daily post, with the "Share a small win anonymously" button when
 * `shareButton` (the server has a review channel). With a role, the message mentions that role and
 * allowed_mentions allows that role only: never @everyone, @here or anyone else.
 */
export function dailyPostMessage(
  strings: Strings,
  prompt: Prompt,
  channelId: string,
  localDate: string,
  roleId: string | null,
  options: { test?: boolean; shareButton?: boolean } = {},
): RESTPostAPIChannelMessageJSONBody {
  return {
    ...(roleId ? { content: `<@&${roleId}>` } : {}),
    embeds: [dailyPostEmbed(strings, prompt, localDate, options)],
    // The server reviews submissions: members may share a small win anonymously from the post.
    ...(options.shareButton ? { components: [shareWinRow(strings)] } : {}),
    allowed_mentions: { parse: [], roles: roleId ? [roleId] : [] },
    ...(options.test ? {} : { nonce: dailyNonce(channelId, localDate), enforce_nonce: true }),
  };
}

/** The name of the thread started on a daily post. */
export function dailyThreadName(strings: Strings, localDate: string): string {
  return strings.t('daily.threadName', { date: readableDate(strings, localDate) });
}
