import { z } from 'zod';
import { SHIPPED_CONTENT_DIR } from '../content/content-pack.ts';
import { DEFAULT_CATCH_UP_MS } from '../daily/due-time.ts';

/** The content pack shipped with the project, used when CONTENT_DIR is not set. */
export const DEFAULT_CONTENT_DIR = SHIPPED_CONTENT_DIR;
const DEFAULT_API_URL = 'https://discord.com/api';
const DEFAULT_DATABASE_URL = 'sqlite://data/reconnect.sqlite';
/** Health and metrics are for this machine only unless the operator binds them elsewhere. */
export const DEFAULT_HEALTH_HOST = '127.0.0.1';

/** A bound on SHARD_COUNT far above any bot's need, so a typo cannot ask for millions of shards. */
const MAX_SHARDS = 4096;

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
/** Environment values that are set but empty count as not set, as in most .env tooling. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const schema = z.object({
  DISCORD_TOKEN: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string({ error: 'is required' }).regex(/^\S+$/, 'must not contain spaces'),
  ),
  DISCORD_CLIENT_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' }),
  ),
  DATABASE_URL: optional(
    z
      .string()
      .regex(
        /^(sqlite|postgres|postgresql):\/\/.+/,
        'must be a sqlite:// or postgres:// URL such as sqlite://data/reconnect.sqlite or postgres://user@host/reconnect',
      ),
  ),
  CONTENT_DIR: optional(z.string()),
  CATCH_UP_HOURS: optional(
    z.coerce
      .number({ error: 'must be a number of hours' })
      .min(0, 'must be between 0 and 23')
      .max(23, 'must be between 0 and 23'),
  ),
  HEALTH_PORT: optional(
    z.coerce
      .number({ error: 'must be a port number (0 to 65535; 0 picks a free one)' })
      .int('must be a port number (0 to 65535; 0 picks a free one)')
      .min(0, 'must be a port number (0 to 65535; 0 picks a free one)')
      .max(65535, 'must be a port number (0 to 65535; 0 picks a free one)'),
  ),
  HEALTH_HOST: optional(
    z.union([z.ipv4(), z.ipv6(), z.hostname()], {
      error: 'must be an IP address or a host name such as 127.0.0.1, 0.0.0.0 or ::1',
    }),
  ),
  SHARD_COUNT: optional(
    z.coerce
      .number({ error: 'must be a whole number of shards, 1 or more' })
      .int('must be a whole number of shards, 1 or more')
      .min(1, 'must be a whole number of shards, 1 or more')
      .max(MAX_SHARDS, `must be at most ${MAX_SHARDS}`),
  ),
  SHARD_IDS: optional(
    z.string().transform((value, ctx) => {
      const ids = parseShardIds(value);
      if (typeof ids !== 'string') return ids ?? [];
      ctx.addIssue({ code: 'custom', message: ids });
      return z.NEVER;
    }),
  ),
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
  ),
});

/** The bot's validated configuration. */
export interface Config {
  token: string;
  clientId: string | undefined;
  guildId: string | undefined;
  apiUrl: string;
  databaseUrl: string;
  contentDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long after its time a missed daily post may still go out. */
  catchUpMs: number;
  /** Where /livez, /readyz and /metrics are served; undefined: not at all. */
  healthPort: number | undefined;
  /** The address they are served on; the loopback unless the operator chose otherwise. */
  healthHost: string;
  /**
   * The gateway shards this process runs. Undefined: every shard, as many as Discord
   * recommends (/gateway/bot). Otherwise `count` shards in all, of which this process runs `ids`.
   */
  shards: ShardPlan | undefined;
}

/** The shards of one process: `ids` of `count` in all (every process of the bot uses the same count). */
export interface ShardPlan {
  count: number;
  ids: number[];
}

/** Configuration that cannot start the bot; the message lists every problem at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly problems: string[],
    readonly missingToken: boolean,
  ) {
    super(formatProblems(problems, missingToken));
  }
}

function formatProblems(problems: string[], missingToken: boolean): string {
  const lines = ['Reconnect cannot start: the configuration has problems.', ...problems.map((p) => `  - ${p}`)];
  if (missingToken) {
    lines.push(
      '',
      'To get a token: open https://discord.com/developers/applications, create an application,',
      'then Bot > Reset Token, and put it in .env as DISCORD_TOKEN=... (see .env.example).',
      'No Discord account at hand? `npm run playground` runs the bot against a local Discord.',
    );
  }
  return lines.join('\n');
}

/**
 * Reads the configuration from an environment (process.env with .env already applied).
 * Pure: throws ConfigError listing every problem rather than stopping at the first.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  // An address with no port would silently serve nothing.
  if (env.HEALTH_HOST?.trim() && !env.HEALTH_PORT?.trim())
    problems.push('HEALTH_HOST is set but HEALTH_PORT is not: set HEALTH_PORT too');
  if (env.SHARD_IDS?.trim() && !env.SHARD_COUNT?.trim()) {
    problems.push(
      'SHARD_IDS is set but SHARD_COUNT is not: every process needs the same SHARD_COUNT to agree on which server is on which shard',
    );
  } else if (result.success && result.data.SHARD_IDS && result.data.SHARD_COUNT !== undefined) {
    const count = result.data.SHARD_COUNT;
    const outside = result.data.SHARD_IDS.filter((id) => id >= count);
    if (outside.length)
      problems.push(
        `SHARD_IDS includes ${outside.join(', ')}, but with SHARD_COUNT=${count} shards are numbered 0 to ${count - 1}`,
      );
  }
  if (!result.success || problems.length) throw new ConfigError(problems, !env.DISCORD_TOKEN?.trim());
  const e = result.data;
  return {
    token: e.DISCORD_TOKEN,
    clientId: e.DISCORD_CLIENT_ID,
    guildId: e.DISCORD_GUILD_ID,
    apiUrl: (e.DISCORD_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    contentDir: e.CONTENT_DIR ?? DEFAULT_CONTENT_DIR,
    logLevel: e.LOG_LEVEL ?? 'info',
    catchUpMs: e.CATCH_UP_HOURS === undefined ? DEFAULT_CATCH_UP_MS : e.CATCH_UP_HOURS * 60 * 60 * 1000,
    healthPort: e.HEALTH_PORT,
    healthHost: e.HEALTH_HOST ?? DEFAULT_HEALTH_HOST,
    shards:
      e.SHARD_COUNT === undefined
        ? undefined
        : { count: e.SHARD_COUNT, ids: e.SHARD_IDS ?? Array.from({ length: e.SHARD_COUNT }, (_, i) => i) },
  };
}

/**
 * SHARD_IDS: shard ids and ranges separated by commas ("0,2", "0-3", "0-1,6"), sorted and
 * without repeats. Undefined when unset or blank; a string saying what is wrong otherwise.
 */
export function parseShardIds(value: string | undefined): number[] | undefined | string {
  if (value === undefined || value.trim() === '') return undefined;
  const ids = new Set<number>();
  for (const part of value.split(',').map((p) => p.trim())) {
    const match = /^(\d{1,4})(?:\s*-\s*(\d{1,4}))?$/.exec(part);
    if (!match) return `must be shard ids or ranges separated by commas, such as 0,2 or 0-3 (not "${part}")`;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return `has a range that runs backwards: ${part}`;
    for (let id = first; id <= last; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}
