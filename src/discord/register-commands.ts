import { REST } from '@discordjs/rest';
import {
  ApplicationIntegrationType,
  Routes,
  type APIApplication,
  type APIApplicationCommand,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { commandDefinitions } from '../../commands/index.ts';
import type { Config } from '../app/config.ts';
import type { ContentPack } from '../content/content-pack.ts';

/** What deploy-commands sends: one bulk overwrite, where it goes, and what to tell the operator. */
export interface RegistrationPlan {
  /** `global`, or the development server's id. */
  scope: { global: true } | { guildId: string };
  body: RESTPostAPIChatInputApplicationCommandsJSONBody[];
  /** The member commands (installable to a member's account), by name. */
  memberCommands: string[];
  /** The commands for servers only (the moderators'), by name. */
  serverCommands: string[];
  /** Lines for the console: how this registration reaches members. */
  notes: string[];
}

/**
 * Where the commands go. Globally, each keeps the installs and contexts its definition
 * names: the member commands for server and user installs in servers, the bot's DM and
 * group DMs; the moderators' for server installs in servers only. With a development
 * server every command goes to that server alone, where Discord offers it through the
 * server's install only: user install needs global commands, so the notes say so.
 */
export function registrationPlan(
  body: RESTPostAPIChatInputApplicationCommandsJSONBody[],
  guildId: string | undefined,
): RegistrationPlan {
  const forUsers = (c: RESTPostAPIChatInputApplicationCommandsJSONBody) =>
    c.integration_types?.includes(ApplicationIntegrationType.UserInstall) ?? false;
  const memberCommands = body.filter(forUsers).map((c) => c.name);
  const serverCommands = body.filter((c) => !forUsers(c)).map((c) => c.name);
  const slash = (names: string[]) => names.map((n) => `/${n}`).join(', ');
  if (guildId !== undefined) {
    return {
      scope: { guildId },
      body,
      memberCommands,
      serverCommands,
      notes: [
        `Every command went to server ${guildId} only (DISCORD_GUILD_ID), for development: there they work through the server's install.`,
        `User install (${slash(memberCommands)} in DMs, group DMs and servers without the bot) needs global commands: run deploy-commands without DISCORD_GUILD_ID.`,
      ],
    };
  }
  return {
    scope: { global: true },
    body,
    memberCommands,
    serverCommands,
    notes: [
      `Member commands ${slash(memberCommands)}: server and user installs, in servers, DMs with the bot and group DMs.`,
      `Server commands ${slash(serverCommands)}: server installs, in servers only.`,
      'Global commands can take a few minutes to appear everywhere.',
    ],
  };
}

/**
 * Registers every command in one bulk overwrite (see {@link registrationPlan}): to the
 * development server when a guild id is given, else globally. Without a client id the
 * application id is asked of the API, so only the token is needed.
 */
export async function registerCommands(
  config: Pick<Config, 'token' | 'apiUrl' | 'clientId' | 'guildId'>,
  content: ContentPack,
): Promise<{ scope: string; commands: APIApplicationCommand[]; notes: string[] }> {
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const applicationId = config.clientId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const plan = registrationPlan(commandDefinitions(content), config.guildId);
  const route =
    'guildId' in plan.scope
      ? Routes.applicationGuildCommands(applicationId, plan.scope.guildId)
      : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: plan.body })) as APIApplicationCommand[];
  return {
    scope: 'guildId' in plan.scope ? `server ${plan.scope.guildId}` : 'global',
    commands: registered,
    notes: plan.notes,
  };
}
