/**
 * Routes each interaction to its command: slash commands and autocomplete by command
 * name, buttons and menus by the action their custom id carries. Every failure is
 * answered, logged and contained: a UserError's text goes to the member as it is;
 * anything else is logged with a reference id that the member also sees. Each one is
 * reported to the metrics: received (the reply latency starts), then its outcome.
 */
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { MessageFlags, type Interaction } from 'discord.js';
import { noMetrics, type BotMetrics, type InteractionOutcome, type InteractionType } from '../health/metrics.ts';
import { decodeCustomId } from './custom-ids.ts';
import { UserError, newReferenceId } from './errors.ts';
import { NO_MENTIONS } from './respond.ts';
import type { BotContext, SlashCommand } from './slash-command.ts';

/** The router over a list of commands: a function that answers one interaction, never throwing. */
export function interactionRouter(
  commands: readonly SlashCommand[],
  metrics: Pick<BotMetrics, 'interactionReceived' | 'interactionFinished'> = noMetrics,
): (interaction: Interaction, ctx: BotContext) => Promise<void> {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const byComponent = new Map(commands.flatMap((c) => (c.components ?? []).map((kind) => [kind, c] as const)));
  /** The command an interaction is for, as a metrics label: a registered name, never what Discord sent otherwise. */
  const commandLabel = (interaction: Interaction): string => {
    if (interaction.isChatInputCommand() || interaction.isAutocomplete())
      return byName.get(interaction.commandName)?.name ?? 'unknown';
    if (!interaction.isMessageComponent() && !interaction.isModalSubmit()) return 'unknown';
    const action = decodeCustomId(interaction.customId);
    return (action && byComponent.get(action.kind)?.name) ?? 'unknown';
  };

  return async function routeInteraction(interaction, ctx) {
    const { t } = ctx.content.strings;
    let command: SlashCommand | undefined;
    const type = interactionType(interaction);
    if (type) metrics.interactionReceived(interaction.id, commandLabel(interaction), type);
    let outcome: InteractionOutcome = { outcome: 'ok' };
    try {
      if (interaction.isChatInputCommand()) {
        command = byName.get(interaction.commandName);
        if (!command) throw new UserError(t('errors.unknownCommand'), 'unknown-command');
        await command.execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        command = byName.get(interaction.commandName);
        await command?.autocomplete?.(interaction, ctx);
      } else if (interaction.isButton() || interaction.isStringSelectMenu()) {
        const action = decodeCustomId(interaction.customId);
        if (!action) throw new UserError(t('errors.staleComponent'), 'stale-component');
        command = byComponent.get(action.kind);
        if (!command?.component) throw new UserError(t('errors.unansweredComponent'), 'stale-component');
        await command.component(interaction, action, ctx);
      } else if (interaction.isModalSubmit()) {
        const action = decodeCustomId(interaction.customId);
        if (!action) throw new UserError(t('errors.staleComponent'), 'stale-component');
        command = byComponent.get(action.kind);
        if (!command?.modal) throw new UserError(t('errors.unansweredComponent'), 'stale-component');
        await command.modal(interaction, action, ctx);
      }
    } catch (error) {
      outcome = error instanceof UserError ? { outcome: 'refused', kind: error.kind } : { outcome: 'failed' };
      await answerFailure(interaction, error, command, ctx);
    } finally {
      if (type) metrics.interactionFinished(interaction.id, outcome);
    }
  };
}

/** The kinds of interaction the router handles; a modal's submission counts as a component's. */
function interactionType(interaction: Interaction): InteractionType | undefined {
  if (interaction.isChatInputCommand()) return 'command';
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) return 'component';
  return undefined;
}

/** Tells the member what went wrong, privately: with followUp once the interaction was answered, else reply. */
async function answerFailure(
  interaction: Interaction,
  error: unknown,
  command: SlashCommand | undefined,
  { logger, content }: Pick<BotContext, 'logger' | 'content'>,
) {
  const where = {
    command:
      command?.name ?? (interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined),
    customId:
      interaction.isMessageComponent() || interaction.isModalSubmit()
        ? interaction.customId.slice(0, DISCORD_LIMITS.customId)
        : undefined,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    interactionId: interaction.id,
  };
  let text: string;
  if (error instanceof UserError) {
    text = error.message;
    // The kind, not the text: a refusal's text may quote what the member typed.
    logger.info({ ...where, kind: error.kind }, 'refused an interaction');
  } else {
    const ref = newReferenceId();
    text = content.strings.t('errors.unexpected', { ref });
    logger.error({ ...where, ref, err: error }, 'interaction handler failed');
  }
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      const payload = {
        content: text.slice(0, DISCORD_LIMITS.content),
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      } as const;
      if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
      else await interaction.reply(payload);
    }
  } catch (sendError) {
    logger.warn({ ...where, err: sendError }, 'could not tell the member about a failure');
  }
}
