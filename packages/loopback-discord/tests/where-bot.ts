import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';

/** The token the where-bot logs in with; start the loopback with it. */
export const WHERE_TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gjs.loopback-where-bot-token';

/** One command offered everywhere: servers, the bot's DM, group DMs; server and user installs. */
export const WHERE_COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'where',
    description: 'Says where it ran',
    integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
  },
];

/**
 * A minimal bot: a real discord.js client (one process) running some shards. It answers
 * every command with which client and shard received it, where it ran and who authorized
 * it, then sends a follow-up.
 */
export async function startWhereBot(apiUrl: string, label: string, options: Partial<ClientOptions> = {}) {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl }, ...options });
  const receivedOn = new Map<string, number>();
  client.on(Events.Raw, (packet: { t?: string; d?: { id?: string } }, shardId: number) => {
    if (packet.t === 'INTERACTION_CREATE' && packet.d?.id) receivedOn.set(packet.d.id, shardId);
  });
  client.on(Events.InteractionCreate, async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    const owners = interaction.authorizingIntegrationOwners;
    await interaction.reply({
      content: `${label}:${receivedOn.get(interaction.id)} context=${interaction.context} guild=${owners.guildId} user=${owners.userId} inGuild=${interaction.inGuild()}`,
      allowedMentions: { parse: [] },
    });
    await interaction.followUp({
      content: `follow-up for ${interaction.user.username}`,
      allowedMentions: { parse: [] },
    });
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(WHERE_TOKEN);
  await ready;
  return { client, receivedOn };
}
