import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.ts';

type Message = { embeds: APIEmbed[]; content: string; thread?: { name: string } };

let world: World;
let dir: string;

// An operator's pack: the minimal pack, with a strings.yaml that rewords a few texts only.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reconnect-operator-pack-'));
  cpSync(join(import.meta.dirname, '../fixtures/content-min'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'strings.yaml'),
    [
      'strings:',
      '  reflect:',
      '    title: Something to think about',
      '  commands.reflect.description: Draw a question to think over',
      '  daily:',
      '    post:',
      '      title: "Today’s small win · {date}"',
      '    threadName: "Small win of {date}"',
      '  smallwins.errors.badTime: "{time}? Write the time like 09:00 or 9am."',
    ].join('\n'),
  );
  world = await startWorld({ contentDir: dir });
});
afterAll(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an operator’s own wording (CONTENT_DIR with a strings.yaml)', () => {
  it('GIVEN a reworded reply title THEN /reflect shows it, and the texts the pack leaves alone keep the shipped wording', async () => {
    const reply = (await world.run('reflect')).reply as Message;
    expect(reply.embeds[0]!.title).toBe('Something to think about');
    expect(reply.embeds[0]!.footer!.text).toMatch(
      /^Theme: .+ · There is no right answer, and no need to answer out loud\.$/,
    );
  });

  it('GIVEN a reworded command description THEN it is what Discord registers', () => {
    const reflect = world.discord.registeredCommands(world.guild.id).find((c) => c.name === 'reflect')!;
    expect(reflect.description).toBe('Draw a question to think over');
    const tips = world.discord.registeredCommands(world.guild.id).find((c) => c.name === 'tips')!;
    expect(tips.description).toBe('The takeaway tips for reconnecting');
  });

  it('GIVEN a reworded refusal THEN the moderator reads it', async () => {
    const answer = await world.run('smallwins enable', {
      channel: world.channel('small-wins').id,
      time: '25:00',
      timezone: 'UTC',
    });
    expect((answer.reply as Message).content).toBe('25:00? Write the time like 09:00 or 9am.');
  });

  it('GIVEN a reworded daily post THEN the post and its thread carry it, and it goes out once', async () => {
    const channel = world.channel('small-wins');
    await world.run('smallwins enable', {
      channel: channel.id,
      time: '09:00',
      timezone: 'Europe/London',
      thread: true,
    });
    await world.tickAt('2026-11-25T09:00:00Z');
    await world.tickAt('2026-11-25T09:01:00Z');
    const posts = (world.discord.messages(channel.id) as unknown as Message[]).filter((m) => m.embeds.length > 0);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.embeds[0]!.title).toBe('Today’s small win · Wednesday 25 November');
    expect(posts[0]!.embeds[0]!.footer!.text).toBe(
      'Small wins 2026-11-25 · Want more? Try /reflect for a question, or /article to read at your own pace.',
    );
    expect(posts[0]!.thread?.name).toBe('Small win of Wednesday 25 November');
  });
});
