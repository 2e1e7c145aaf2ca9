import { MessageFlags, type InteractionReplyOptions, type InteractionUpdateOptions } from 'discord.js';
import type { ComponentInteraction } from './slash-command.ts';
import type { Reply } from '../replies/reply-payload.ts';

/** No reply, edit or follow-up may ping anyone. */
export const NO_MENTIONS = { parse: [] as never[] };

/** A Reply as discord.js options for reply() and followUp(). */
export function toReplyOptions(reply: Reply): InteractionReplyOptions & { flags?: MessageFlags.Ephemeral } {
  return {
    ...(reply.content !== undefined ? { content: reply.content } : {}),
    embeds: reply.embeds,
    components: reply.components,
    allowedMentions: NO_MENTIONS,
    ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    ...(reply.files?.length
      ? { files: reply.files.map((f) => ({ attachment: Buffer.from(f.text, 'utf8'), name: f.name })) }
      : {}),
  };
}

/** A Reply as discord.js options for update(): a message keeps its visibility. */
export function toUpdateOptions(reply: Reply): InteractionUpdateOptions {
  return {
    content: reply.content ?? null,
    embeds: reply.embeds,
    components: reply.components,
    allowedMentions: NO_MENTIONS,
  };
}

/**
 * Answers a button or menu click. A private message, or a shared one clicked by the
 * member who shared it, changes in place; anyone else clicking a shared message gets
 * their own private copy, so one member cannot change what the channel is reading.
 */
export async function answerComponent(
  interaction: ComponentInteraction,
  build: (ephemeral: boolean) => Reply,
): Promise<void> {
  const message = interaction.message;
  const ephemeral = message.flags.has(MessageFlags.Ephemeral);
  const owner = message.interactionMetadata?.user.id;
  if (ephemeral || owner === interaction.user.id) {
    await interaction.update(toUpdateOptions(build(ephemeral)));
  } else {
    await interaction.reply(toReplyOptions(build(true)));
  }
}
