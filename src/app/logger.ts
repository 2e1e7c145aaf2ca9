import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Webhook and interaction URLs carry a token as a path segment; it authenticates as the
 * bot for that interaction for 15 minutes, so it is never written down.
 */
const TOKEN_PATHS = /\/(interactions\/\d+|webhooks\/\d+)\/[^/\s?"'\\]+/g;

/** Replaces the token segment of interaction and webhook paths. */
function stripTokenPaths(text: string): string {
  return text.replace(TOKEN_PATHS, '/$1/[token]');
}

/**
 * The password of a URL's credentials (`scheme://user:password@host`), such as a
 * postgres:// DATABASE_URL's. A password must be percent-encoded in a URL where it would
 * end it early, so it runs to the `@` with no space, slash or quote in it.
 */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]*):[^\s/@"'\\]*@/gi;

/** Replaces the password of every URL's credentials. */
function stripUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, '$1:[redacted]@');
}

/** Error fields that carry a request's URL (with its token) or its body (what members drew or typed). */
const UNSAFE_ERROR_FIELDS = new Set([
  'url',
  'requestBody',
  'rawError',
  'request',
  'response',
  'body',
  'headers',
  'config',
]);

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return stripTokenPaths(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (!UNSAFE_ERROR_FIELDS.has(key)) out[key] = scrub(v, depth + 1);
  return out;
}

/**
 * pino's error serializer, keeping the type, message, stack, status and code but none of a
 * request's URL or body (discord.js errors carry both), with token paths stripped.
 */
function safeError(err: unknown): unknown {
  if (!(err instanceof Error)) return scrub(err, 0);
  return scrub(pino.stdSerializers.err(err), 0);
}

/**
 * Structured JSON logs (pino). Errors go through {@link safeError}; every line then passes
 * through a filter that replaces each secret (the bot token, the database password), each
 * interaction or webhook token path and each password in a URL wherever it appears, so no
 * message, URL or stack can leak one into the log.
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
      let safe = stripUrlPasswords(stripTokenPaths(line));
      for (const secret of secrets) safe = safe.split(secret).join('[redacted]');
      out.write(safe);
    },
  };
  return pino(
    {
      level: options.level,
      base: { app: 'reconnect' },
      serializers: { err: safeError },
      redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    stream,
  );
}
