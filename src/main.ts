import { config as loadDotenv } from 'dotenv';
import { launchApp } from './app/app.ts';
import { ConfigError, parseConfig } from './app/config.ts';
import { ContentError } from './content/content-pack.ts';
import { createLogger } from './app/logger.ts';
import { databaseUrlSecrets } from './storage/database.ts';

/** `npm start`: configuration from the environment and .env, then the bot until a signal. */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.token, ...databaseUrlSecrets(config.databaseUrl)],
  });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  // Signals are handled from the start, so one that arrives while connecting still
  // closes the client and the store cleanly.
  const launching = launchApp(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    launching
      .then((app) => app.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'unclean shutdown');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await launching;
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(`Reconnect cannot start: ${error.message} (CONTENT_DIR=${config.contentDir})`);
    } else {
      logger.fatal({ err: error }, 'could not start');
    }
    process.exit(1);
  }
}

await main();
