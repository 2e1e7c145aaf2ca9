/**
 * src/replies/: pure builders from plain values (the content pack and its wording, a
 * subscription, a prompt) to what the bot answers. They import nothing that runs (no discord.js client,
 * no store): src/discord/respond.ts sends what they build.
 */
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord-api-types/v10';

/**
 * What the bot answers, independent of how it is sent: builders return this, and the
 * Discord wiring turns it into an interaction reply, update or message. Replies are
 * ephemeral unless the member asked to share, and never mention anyone (the wiring
 * always sends an empty allowed_mentions parse list).
 */
export interface Reply {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  ephemeral: boolean;
  /** Files attached to the answer (an export), as text: a name and the text it holds. */
  files?: Array<{ name: string; text: string }>;
}

/** Colours used across embeds: one warm accent so the bot reads as one voice. */
export const COLORS = {
  article: 0xe8a87c,
  reflect: 0x85cdca,
  tips: 0xc38d9e,
  about: 0x41b3a3,
  member: 0x8d8dc7,
} as const;

/** A plain ephemeral message, for errors and notices meant for the member. */
export function noticeReply(text: string): Reply {
  return { content: text, embeds: [], components: [], ephemeral: true };
}
