import { config as loadDotenv } from 'dotenv';
import { ConfigError, parseConfig } from './app/config.ts';
import { loadContent } from './content/content-pack.ts';
import { registerCommands } from './discord/register-commands.ts';

/** `npm run deploy-commands`: one bulk overwrite of the slash commands. */
loadDotenv({ quiet: true });
try {
  const config = parseConfig(process.env);
  const content = loadContent(config.contentDir);
  const { scope, commands, notes } = await registerCommands(config, content);
  console.log(`Registered ${commands.length} commands (${commands.map((c) => `/${c.name}`).join(', ')}) for ${scope}.`);
  for (const note of notes) console.log(note);
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `Could not register the commands: ${(error as Error).message}`,
  );
  process.exit(1);
}
