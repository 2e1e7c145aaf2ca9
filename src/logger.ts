import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino). Every line passes through a filter that replaces each
 * secret (the bot token) wherever it appears, so no error message, URL or stack that
 * happens to carry it can leak it into the log.
 */
export function createLogger(options: {
  level: string;
  secrets?: string[];
  destination?: { write(line: string): unknown };
}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const out = options.destination ?? process.stdout;
  const stream = {
    write(line: string) {
      let safe = line;
      for (const secret of secrets) safe = safe.split(secret).join('[redacted]');
      out.write(safe);
    },
  };
  return pino(
    {
      level: options.level,
      base: { app: 'reconnect' },
      redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    stream,
  );
}
