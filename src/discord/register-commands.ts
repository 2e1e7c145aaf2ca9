import { REST } from '@discordjs/rest';
import { Routes, type APIApplication, type APIApplicationCommand } from 'discord-api-types/v10';
import { commandDefinitions } from '../../commands/index.ts';
import type { Config } from '../app/config.ts';
import type { ContentPack } from '../content/content-pack.ts';

/**
 * Registers every command in one bulk overwrite: to the development server when a
 * guild id is given, else globally. Without a client id the application id is asked
 * of the API, so only the token is needed.
 */
export async function registerCommands(
  config: Pick<Config, 'token' | 'apiUrl' | 'clientId' | 'guildId'>,
  content: ContentPack,
): Promise<{ scope: string; commands: APIApplicationCommand[] }> {
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const applicationId = config.clientId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const body = commandDefinitions(content);
  const route = config.guildId
    ? Routes.applicationGuildCommands(applicationId, config.guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body })) as APIApplicationCommand[];
  return { scope: config.guildId ? `server ${config.guildId}` : 'global', commands: registered };
}
