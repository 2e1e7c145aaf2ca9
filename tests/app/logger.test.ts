import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.secretsecretsecret';

describe('logger', () => {
  it('GIVEN the token inside an error, a URL and a field THEN no log line carries it', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets: [TOKEN],
      destination: { write: (l: string) => lines.push(l) },
    });
    logger.error({ err: new Error(`login failed for ${TOKEN}`), url: `https://x/${TOKEN}` }, 'boom');
    logger.info({ token: 'another-secret-value' }, 'config');
    const out = lines.join('');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('another-secret-value');
    expect(out).toContain('[redacted]');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, msg: 'boom' });
  });
});

describe('logger: errors from Discord requests', () => {
  it('GIVEN an error carrying a request URL with an interaction token and a request body THEN the line keeps the error and drops both', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } });
    const error = Object.assign(new Error('Unknown interaction'), {
      code: 10062,
      status: 404,
      method: 'POST',
      url: 'https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb24tdG9rZW4/callback',
      requestBody: { json: { data: { embeds: [{ description: 'What would you want its first page to be about?' }] } } },
    });
    const wrapped = new Error(
      'follow-up failed at /webhooks/111111111111111111/c2VjcmV0LXRva2Vu.x-y_z/messages/@original',
      { cause: error },
    );
    logger.error({ err: error }, 'interaction handler failed');
    logger.warn({ err: wrapped }, 'could not tell the member');
    const out = lines.join('');
    expect(out).not.toContain('aW50ZXJhY3Rpb24tdG9rZW4');
    expect(out).not.toContain('c2VjcmV0LXRva2Vu');
    expect(out).not.toContain('first page');
    expect(out).toContain('/webhooks/111111111111111111/[token]/messages/@original');
    expect(JSON.parse(lines[0]!).err).toMatchObject({
      type: 'Error',
      message: 'Unknown interaction',
      code: 10062,
      status: 404,
      method: 'POST',
    });
  });
});

describe('logger: database URLs', () => {
  it('GIVEN a DATABASE_URL with a password in a message, a field and an error THEN no log line carries the password', () => {
    const lines: string[] = [];
    const password = 'pg-Secret_pw';
    const url = `postgres://reconnect:${password}@db.internal:5432/reconnect`;
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } });
    logger.info({ databaseUrl: url }, `opening ${url}`);
    logger.error({ err: Object.assign(new Error(`could not connect to ${url}`), { input: url }) }, 'could not start');
    // A short password, and one with characters a URL escapes.
    logger.info({ url: 'postgresql://bot:pw@db/reconnect' }, 'x');
    logger.info({ url: 'postgres://bot:p%40ss%2Fw0rd@db/reconnect' }, 'y');
    const out = lines.join('');
    expect(out).not.toContain(password);
    expect(out).not.toContain(':pw@');
    expect(out).not.toContain('p%40ss');
    // What is left still says where the database is.
    expect(out).toContain('postgres://reconnect:[redacted]@db.internal:5432/reconnect');
    expect(out).toContain('postgresql://bot:[redacted]@db/reconnect');
  });
});
