/**
 * src/app/: the composition root. This file starts the bot in order (content, health and
 * metrics, store, Discord client); config.ts reads and checks the environment, logger.ts
 * writes JSON logs with every secret taken out. The entry points, src/main.ts
 * (`npm start`) and src/deploy-commands.ts, call them.
 */
import { startBot, type Bot } from '../discord/client.ts';
import type { Config } from './config.ts';
import { loadContent, type ContentPack } from '../content/content-pack.ts';
import { startHealth, type Health } from '../health/index.ts';
import type { Logger } from './logger.ts';
import { Store } from '../storage/store.ts';

export interface App {
  bot: Bot;
  content: ContentPack;
  store: Store;
  /** Health and metrics (HEALTH_PORT): `health.server?.port` is the port bound. */
  health: Health;
  /** Stops the client, closes the store, then the health server; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The start-up sequence shared by `npm start`, the playground and the end-to-end tests:
 * content first (a broken pack stops here, before any connection), then health and
 * metrics (so /readyz says "not ready" while the rest starts), the store, then the Discord
 * client.
 */
export async function launchApp(
  config: Config,
  logger: Logger,
  options: Pick<
    Parameters<typeof startBot>[0],
    'random' | 'now' | 'autoTick' | 'requestsPerSecond' | 'sendBudget' | 'caches'
  > = {},
): Promise<App> {
  const content = loadContent(config.contentDir);
  logger.info(
    { sections: content.sections.length, questions: content.questions.length, prompts: content.prompts.length },
    'content pack loaded',
  );
  const health = await startHealth(config, logger);
  try {
    const store = await Store.open(config.databaseUrl, { logger, ...(options.now ? { now: options.now } : {}) });
    health.watchStore(store);
    try {
      const bot = await startBot({
        config,
        content,
        store,
        logger,
        ...options,
        metrics: health.metrics,
        onClient: (client) => health.watchClient(client),
      });
      const stop = async () => {
        await bot.stop();
        await health.close();
      };
      return { bot, content, store, health, stop };
    } catch (error) {
      await store.close();
      throw error;
    }
  } catch (error) {
    await health.close();
    throw error;
  }
}
