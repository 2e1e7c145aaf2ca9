import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionOutcome } from '../../src/loopback/index.ts';
import { startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld(); // the shipped content pack: 81 questions
});
afterAll(async () => {
  await world?.close();
});

type Message = { id: string; content: string; embeds: APIEmbed[]; components: Array<{ components: Array<Record<string, any>> }>; ephemeral: boolean };
const shown = (o: { reply?: unknown; updated?: unknown; followUps: unknown[] }) => (o.updated ?? o.reply ?? o.followUps[0]) as Message;
const buttonId = (message: Message, label: string) =>
  message.components.flatMap((r) => r.components).find((c) => c.label === label)!.custom_id as string;

describe('/reflect: "Another question" pressed the moment the answer shows', () => {
  it('shows 60 distinct questions in 60 presses over the whole pool', async () => {
    const presses = 60;
    expect(world.content.questions.length).toBeGreaterThanOrEqual(presses);
    const member = world.discord.addUser({ username: 'quick-presser' });
    world.discord.addMember(world.guild.id, member.id);
    const first = shown(await world.run('reflect', {}, member.id));
    const seen = [first.embeds[0]!.description!];
    await new Promise<void>((resolve, reject) => {
      const press = (message: Message) =>
        world.discord.clickButton({ messageId: message.id, customId: buttonId(message, 'Another question'), userId: member.id }).catch(reject);
      // Each press is dispatched as soon as the bot's answer is accepted, before the bot
      // has the HTTP response to it: a member tapping again as soon as the question shows.
      const stop = world.discord.onAnswer((outcome: InteractionOutcome) => {
        if (outcome.interaction.member?.user.id !== member.id) return;
        const message = shown(outcome);
        seen.push(message.embeds[0]!.description!);
        if (seen.length === presses) {
          stop();
          resolve();
        } else void press(message);
      });
      void press(first);
    });
    expect(seen).toHaveLength(presses);
    expect(new Set(seen).size).toBe(presses);
  });
});
