import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionOutcome } from '@reconnect/loopback-discord';
import { startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld(); // the shipped content pack: 81 questions
});
afterAll(async () => {
  await world?.close();
});

type Message = {
  id: string;
  content: string;
  embeds: APIEmbed[];
  components: Array<{ components: Array<Record<string, any>> }>;
  ephemeral: boolean;
};
const shown = (o: { reply?: unknown; updated?: unknown; followUps: unknown[] }) =>
  (o.updated ?? o.reply ?? o.followUps[0]) as Message;
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
        world.discord
          .clickButton({ messageId: message.id, customId: buttonId(message, 'Another question'), userId: member.id })
          .catch(reject);
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

describe('/article and /tips: what a member types', () => {
  it('/article section:small wins opens "5. Celebrate the small wins": a phrase matches the title that contains it', async () => {
    const message = shown(await world.run('article', { section: 'small wins' }, world.sam.id));
    expect(message.embeds[0]?.title).toBe('5. Celebrate the small wins');
    const upper = shown(await world.run('article', { section: 'SMALL WINS' }, world.sam.id));
    expect(upper.embeds[0]?.title).toBe('5. Celebrate the small wins');
  });

  it('an ambiguous phrase lists the sections it matches, and only those', async () => {
    const message = shown(await world.run('article', { section: 'the' }, world.sam.id));
    expect(message.ephemeral).toBe(true);
    expect(message.embeds).toEqual([]);
    for (const title of [
      '2. Understanding the impact of separation',
      '3. The power of vulnerable dialogue',
      '5. Celebrate the small wins',
    ]) {
      expect(message.content).toContain(title);
    }
    expect(message.content).not.toContain('1. Reconnection is possible');
  });

  it('/tips tip:4 opens the fourth tip, as /tips numbers them; ids, titles and phrases work too', async () => {
    const overview = shown(await world.run('tips', {}, world.sam.id));
    expect(overview.embeds[0]!.fields![3]!.name).toBe('4. Seek support');
    expect(shown(await world.run('tips', { tip: '4' }, world.sam.id)).embeds[0]!.title).toBe('Seek support');
    expect(shown(await world.run('tips', { tip: 'patience' }, world.sam.id)).embeds[0]!.title).toBe(
      'Practise patience',
    );
    expect(shown(await world.run('tips', { tip: 'new joy' }, world.sam.id)).embeds[0]!.title).toBe('Create new joy');
    const unknown = shown(await world.run('tips', { tip: '9' }, world.sam.id));
    expect(unknown.content).toContain('4. Seek support');
  });

  it('/tips tip autocompletes numbered tips, so a member can type 4 or a word', async () => {
    const command = world.discord.registeredCommands(world.guild.id).find((c) => c.name === 'tips')!;
    const tip = command.options!.find((o) => o.name === 'tip') as { autocomplete?: boolean; choices?: unknown };
    expect(tip.autocomplete).toBe(true);
    expect(tip.choices).toBeUndefined();
    const typed = (value: string) =>
      world.discord.autocomplete({
        guildId: world.guild.id,
        channelId: world.general.id,
        userId: world.sam.id,
        command: 'tips',
        options: { tip: value },
        focused: 'tip',
      });
    expect((await typed('4')).choices).toEqual([{ name: '4. Seek support', value: 'support' }]);
    expect((await typed('JOY')).choices).toEqual([{ name: '5. Create new joy', value: 'new-joy' }]);
    expect((await typed('')).choices?.map((c) => c.value)).toEqual(world.content.tips.map((t) => t.id));
  });
});
