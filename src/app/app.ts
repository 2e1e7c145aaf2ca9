/**
 * src/app/: the composition root. This file starts the bot in order (content, store,
 * Discord client); config.ts reads and checks the environment, logger.ts writes JSON
 * logs with every secret taken out. The entry points, src/main.ts (`npm start`) and
 * src/deploy-commands.ts, call them.
 */
import { startBot, type Bot } from '../discord/client.ts';
import type { Config } from './config.ts';
import { loadContent, type ContentPack } from '../content/content-pack.ts';
import type { Logger } from './logger.ts';
import { Store } from '../storage/store.ts';

export interface App {
  bot: Bot;
  content: ContentPack;
  store: Store;
  /** Stops the client and closes the store; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The start-up sequence shared by `npm start`, the playground and the end-to-end tests:
 * content first (a broken pack stops here, before any connection), then the store, then
 * the Discord client.
 */
export async function launchApp(
  config: Config,
  logger: Logger,
  options: { random?: () => number; now?: () => number; autoTick?: boolean; requestsPerSecond?: number } = {},
): Promise<App> {
  const content = loadContent(config.contentDir);
  logger.info(
    { sections: content.sections.length, questions: content.questions.length, prompts: content.prompts.length },
    'content pack loaded',
  );
  const store = await Store.open(config.databaseUrl, { logger, ...(options.now ? { now: options.now } : {}) });
  try {
    const bot = await startBot({ config, content, store, logger, ...options });
    return { bot, content, store, stop: () => bot.stop() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
