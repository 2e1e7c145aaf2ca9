import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionOutcome } from '@reconnect/loopback-discord';
import { TOKEN, startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

type Message = { id: string; content: string; components: Array<{ components: Array<Record<string, any>> }> };
const shown = (o: InteractionOutcome) => (o.updated ?? o.reply ?? o.followUps[0]) as unknown as Message | undefined;

describe('the log of a busy run', () => {
  it('holds no token, no interaction token, nothing a member typed and no question or prompt text', async () => {
    const outcomes: InteractionOutcome[] = [];
    const run = async (
      command: string,
      options: Record<string, string | number | boolean> = {},
      userId = world.alex.id,
    ) => {
      const outcome = await world.run(command, options, userId);
      outcomes.push(outcome);
      return outcome;
    };
    // What members and moderators typed, each with a marker no bot text contains.
    const typed = [
      'moonlit harbour Kq7',
      'zz-unknown-tip-Kq7',
      'quarter to Kq7',
      'Atlantis/Kq7_City',
      'half-remembered Kq7 words',
    ];

    // Members reading, drawing and pressing.
    for (let i = 0; i < 5; i++) {
      const question = shown(await run('reflect', {}, i % 2 ? world.sam.id : world.alex.id))!;
      const button = question.components[0]!.components[0]!.custom_id as string;
      outcomes.push(
        await world.discord.clickButton({
          messageId: question.id,
          customId: button,
          userId: i % 2 ? world.sam.id : world.alex.id,
        }),
      );
    }
    await run('article', { section: 'trust' });
    await run('tips', { tip: '4' }, world.sam.id);
    await run('about');
    // Refusals quoting what was typed.
    await run('article', { section: typed[0]! });
    await run('tips', { tip: typed[1]! }, world.sam.id);
    await run('article', { section: typed[4]! }, world.sam.id);
    await run('smallwins enable', {
      channel: world.channel('small-wins').id,
      time: typed[2]!,
      timezone: 'Europe/London',
    });
    await run('smallwins enable', { channel: world.channel('small-wins').id, time: '09:00', timezone: typed[3]! });
    await run('smallwins enable', { channel: world.channel('small-wins').id, time: '09:00', timezone: 'EST' });
    // A moderator at work, and a refused daily post.
    await run('smallwins enable', {
      channel: world.channel('small-wins').id,
      time: '09:00',
      timezone: 'Europe/London',
    });
    await run('smallwins enable', {
      channel: world.channel('announcements').id,
      time: '09:00',
      timezone: 'Europe/London',
    });
    await run('smallwins preview', { channel: world.channel('small-wins').id });
    await run('smallwins post-now', { channel: world.channel('small-wins').id });
    await run('smallwins status');
    world.discord.setChannelFault(world.channel('announcements').id, 403);
    await world.tickAt('2026-11-25T09:00:00Z');
    // Interaction callbacks Discord refuses: the bot's reply carries a drawn question.
    world.discord.failInteractionCallbacks(2);
    await run('reflect', {}, world.sam.id);
    await world.discord.waitFor(() => world.logs().some((l) => l.msg === 'interaction handler failed'));

    const log = world.logLines.join('');
    expect(log).toContain('interaction handler failed');
    expect(log).toContain('refused an interaction');
    expect(log).not.toContain(TOKEN);
    for (const outcome of outcomes) expect(log).not.toContain(outcome.interaction.token);
    expect(log).not.toMatch(/\/interactions\/\d+\/[^/\s"]+\/callback/);
    for (const text of typed) expect(log).not.toContain(text);
    expect(log).not.toContain('Kq7');
    for (const question of world.content.questions) expect(log).not.toContain(question.text);
    for (const prompt of world.content.prompts) expect(log).not.toContain(prompt.text);
    // Refusals say what kind they were.
    const kinds = world
      .logs()
      .filter((l) => l.msg === 'refused an interaction')
      .map((l) => l.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['unknown-section', 'unknown-tip', 'bad-time', 'bad-zone', 'legacy-zone']),
    );
  });
});
