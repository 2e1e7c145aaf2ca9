import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchApp } from '../../src/app/app.ts';
import { ConfigError, DEFAULT_CONTENT_DIR, parseConfig } from '../../src/app/config.ts';
import { createLogger } from '../../src/app/logger.ts';

const TOKEN = 'MTAx.fake.token';

describe('configuration', () => {
  it('GIVEN only a token THEN every other setting takes its documented default', () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN })).toEqual({
      token: TOKEN,
      clientId: undefined,
      guildId: undefined,
      apiUrl: 'https://discord.com/api',
      databaseUrl: 'sqlite://data/reconnect.sqlite',
      contentDir: DEFAULT_CONTENT_DIR,
      logLevel: 'info',
      catchUpMs: 6 * 60 * 60 * 1000,
      healthPort: undefined,
      healthHost: '127.0.0.1',
      shards: undefined,
    });
  });

  it('GIVEN every variable THEN each is used, and a trailing slash on the API URL is dropped', () => {
    const config = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_GUILD_ID: '223456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:5050/api/',
      DATABASE_URL: 'sqlite:///tmp/x.sqlite',
      CONTENT_DIR: '/tmp/pack',
      LOG_LEVEL: 'debug',
      CATCH_UP_HOURS: '2.5',
      HEALTH_PORT: '9464',
      HEALTH_HOST: '0.0.0.0',
    });
    expect(config).toMatchObject({
      clientId: '123456789012345678',
      guildId: '223456789012345678',
      apiUrl: 'http://127.0.0.1:5050/api',
      databaseUrl: 'sqlite:///tmp/x.sqlite',
      contentDir: '/tmp/pack',
      logLevel: 'debug',
      catchUpMs: 2.5 * 60 * 60 * 1000,
      healthPort: 9464,
      healthHost: '0.0.0.0',
    });
  });

  it('GIVEN HEALTH_PORT=0 THEN health is served on a free port of the loopback; other hosts are taken as written', () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN, HEALTH_PORT: '0' })).toMatchObject({
      healthPort: 0,
      healthHost: '127.0.0.1',
    });
    for (const host of ['::1', '::', '10.0.0.7', 'metrics.internal']) {
      expect(parseConfig({ DISCORD_TOKEN: TOKEN, HEALTH_PORT: '9464', HEALTH_HOST: host }).healthHost).toBe(host);
    }
  });

  it('GIVEN a bad HEALTH_PORT or HEALTH_HOST, or a host without a port THEN each is a problem, named', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig({ DISCORD_TOKEN: TOKEN, ...env });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    for (const port of ['65536', '-1', '80.5', 'nine']) {
      expect(problems({ HEALTH_PORT: port })).toEqual([
        'HEALTH_PORT must be a port number (0 to 65535; 0 picks a free one)',
      ]);
    }
    expect(problems({ HEALTH_PORT: '9464', HEALTH_HOST: 'http://0.0.0.0' })).toEqual([
      'HEALTH_HOST must be an IP address or a host name such as 127.0.0.1, 0.0.0.0 or ::1',
    ]);
    expect(problems({ HEALTH_HOST: '0.0.0.0' })).toEqual([
      'HEALTH_HOST is set but HEALTH_PORT is not: set HEALTH_PORT too',
    ]);
    expect(problems({ HEALTH_HOST: '0.0.0.0', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });

  it('GIVEN SHARD_COUNT alone THEN this process runs every shard of that count', () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN, SHARD_COUNT: '4' }).shards).toEqual({ count: 4, ids: [0, 1, 2, 3] });
  });

  it('GIVEN SHARD_IDS as a list, a range or both THEN this process runs exactly those shards, sorted, each once', () => {
    const ids = (value: string) =>
      parseConfig({ DISCORD_TOKEN: TOKEN, SHARD_COUNT: '8', SHARD_IDS: value }).shards?.ids;
    expect(ids('0,2')).toEqual([0, 2]);
    expect(ids('0-3')).toEqual([0, 1, 2, 3]);
    expect(ids(' 6, 0-1 ,1')).toEqual([0, 1, 6]);
    expect(ids('7')).toEqual([7]);
  });

  it('GIVEN bad shard settings THEN each is a clear problem naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig({ DISCORD_TOKEN: TOKEN, ...env });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      throw new Error('accepted');
    };
    expect(problems({ SHARD_COUNT: '0' })).toEqual(['SHARD_COUNT must be a whole number of shards, 1 or more']);
    expect(problems({ SHARD_COUNT: 'two' })).toEqual(['SHARD_COUNT must be a whole number of shards, 1 or more']);
    expect(problems({ SHARD_COUNT: '1.5' })).toEqual(['SHARD_COUNT must be a whole number of shards, 1 or more']);
    expect(problems({ SHARD_COUNT: '4', SHARD_IDS: '0;2' })).toEqual([
      'SHARD_IDS must be shard ids or ranges separated by commas, such as 0,2 or 0-3 (not "0;2")',
    ]);
    expect(problems({ SHARD_COUNT: '4', SHARD_IDS: '3-1' })).toEqual([
      'SHARD_IDS has a range that runs backwards: 3-1',
    ]);
    expect(problems({ SHARD_COUNT: '4', SHARD_IDS: '2,4-5' })).toEqual([
      'SHARD_IDS includes 4, 5, but with SHARD_COUNT=4 shards are numbered 0 to 3',
    ]);
    expect(problems({ SHARD_IDS: '0,1' })).toEqual([
      'SHARD_IDS is set but SHARD_COUNT is not: every process needs the same SHARD_COUNT to agree on which server is on which shard',
    ]);
  });

  it('GIVEN empty optional variables (as copied from .env.example) THEN they count as unset', () => {
    const config = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: '',
      DATABASE_URL: ' ',
      LOG_LEVEL: '',
      SHARD_COUNT: '',
      SHARD_IDS: ' ',
    });
    expect(config.clientId).toBeUndefined();
    expect(config.shards).toBeUndefined();
    expect(config.databaseUrl).toBe('sqlite://data/reconnect.sqlite');
    expect(config.logLevel).toBe('info');
  });

  it('GIVEN a PostgreSQL DATABASE_URL, spelt either way THEN it is used as given', () => {
    for (const url of [
      'postgres://bot:secret@db.internal:5432/reconnect',
      'postgresql://bot@db/reconnect?sslmode=require',
    ]) {
      expect(parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it('GIVEN several bad values THEN one error lists every problem by variable name', () => {
    let error: unknown;
    try {
      parseConfig({
        DISCORD_TOKEN: TOKEN,
        DISCORD_CLIENT_ID: 'abc',
        DISCORD_API_URL: 'ftp://example',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        CATCH_UP_HOURS: '48',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, missingToken, message } = error as ConfigError;
    expect(problems).toHaveLength(5);
    expect(message).toMatch(/CATCH_UP_HOURS must be between 0 and 23/);
    expect(message).toMatch(/DISCORD_CLIENT_ID must be a Discord id/);
    expect(message).toMatch(/DISCORD_API_URL must be an http\(s\) URL/);
    expect(message).toMatch(/DATABASE_URL must be a sqlite:\/\/ or postgres:\/\/ URL/);
    expect(message).toMatch(/LOG_LEVEL must be one of/);
    expect(missingToken).toBe(false);
    expect(message).not.toMatch(/playground/);
  });

  it('GIVEN no token THEN the message says how to get one and points at the playground', () => {
    expect(() => parseConfig({})).toThrow(ConfigError);
    try {
      parseConfig({ DISCORD_TOKEN: '' });
    } catch (e) {
      const error = e as ConfigError;
      expect(error.missingToken).toBe(true);
      expect(error.message).toMatch(/DISCORD_TOKEN is required/);
      expect(error.message).toMatch(/Reset Token/);
      expect(error.message).toMatch(/npm run playground/);
    }
  });
});

describe('DATABASE_URL on PostgreSQL', () => {
  it('GIVEN a postgres:// URL THEN the bot opens PostgreSQL, never a SQLite file named after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reconnect-config-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      // Nothing listens on port 1: the attempt to reach PostgreSQL is what fails.
      const config = parseConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: 'postgres://bot@127.0.0.1:1/reconnect' });
      await expect(launchApp(config, createLogger({ level: 'silent' }))).rejects.toThrow(/ECONNREFUSED/);
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(join(dir, 'postgres:'))).toBe(false);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
