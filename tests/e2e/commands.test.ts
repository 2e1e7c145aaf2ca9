import { ApplicationCommandOptionType, type APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

type Message = {
  id: string;
  embeds: APIEmbed[];
  components: Array<{ components: Array<Record<string, any>> }>;
  ephemeral: boolean;
  allowedMentions: unknown;
  content: string;
};

function button(message: Message, label: string): { custom_id: string; disabled?: boolean } {
  const found = message.components.flatMap((r) => r.components).find((c) => c.label === label);
  if (!found) throw new Error(`no button "${label}" in ${JSON.stringify(message.components)}`);
  return found as { custom_id: string };
}
/** The message a member sees after the interaction: the reply, or the message it updated. */
function shown(outcome: { reply?: unknown; updated?: unknown; followUps: unknown[] }): Message {
  const message = (outcome.updated ?? outcome.reply ?? outcome.followUps[0]) as Message | undefined;
  if (!message) throw new Error(`nothing shown: ${JSON.stringify(outcome)}`);
  return message;
}

describe('registered commands', () => {
  it('registers exactly /article, /reflect, /tips, /about, /preferences, /mydata, /smallwins, /customize and /suggest with the documented options', () => {
    const commands = world.discord.registeredCommands(world.guild.id);
    const byName = Object.fromEntries(commands.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual([
      'about',
      'article',
      'customize',
      'mydata',
      'preferences',
      'reflect',
      'smallwins',
      'suggest',
      'tips',
    ]);
    const opts = (name: string) =>
      (byName[name]!.options ?? []).map((o) => ({
        name: o.name,
        type: o.type,
        ...('autocomplete' in o && o.autocomplete ? { autocomplete: true } : {}),
      }));
    expect(opts('article')).toEqual([
      { name: 'section', type: ApplicationCommandOptionType.String, autocomplete: true },
      { name: 'share', type: ApplicationCommandOptionType.Boolean },
    ]);
    expect(opts('reflect')).toEqual([
      { name: 'theme', type: ApplicationCommandOptionType.String },
      { name: 'share', type: ApplicationCommandOptionType.Boolean },
    ]);
    expect(opts('tips')).toEqual([
      { name: 'tip', type: ApplicationCommandOptionType.String, autocomplete: true },
      { name: 'share', type: ApplicationCommandOptionType.Boolean },
    ]);
    expect(opts('about')).toEqual([]);
    expect(opts('suggest')).toEqual([
      { name: 'kind', type: ApplicationCommandOptionType.String },
      { name: 'theme', type: ApplicationCommandOptionType.String },
      { name: 'text', type: ApplicationCommandOptionType.String },
    ]);
    const theme = byName.reflect!.options![0] as { choices: Array<{ value: string }> };
    expect(theme.choices.map((c) => c.value)).toEqual(world.content.themes.map((t) => t.id));
  });
});

describe('/article', () => {
  it('without a section shows the contents privately, and the menu opens a section in place', async () => {
    const outcome = await world.run('article');
    const contents = shown(outcome);
    expect(contents.ephemeral).toBe(true);
    for (const section of world.content.sections) expect(contents.embeds[0]!.description).toContain(section.title);
    const picked = await world.discord.selectMenu({
      messageId: contents.id,
      customId: 'art:menu',
      values: ['rebuilding-trust'],
      userId: world.alex.id,
    });
    const section = shown(picked);
    expect(section.id).toBe(contents.id);
    expect(section.embeds[0]!.title).toBe(`4. ${world.content.sections[3]!.title}`);
  });

  it('pages with Previous and Next by editing the same message', async () => {
    const first = shown(await world.run('article', { section: world.content.sections[0]!.id }));
    expect(first.embeds[0]!.title).toBe(`1. ${world.content.sections[0]!.title}`);
    expect(button(first, 'Previous').disabled).toBe(true);
    let current = first;
    for (let i = 1; i < world.content.sections.length; i++) {
      current = shown(
        await world.discord.clickButton({
          messageId: current.id,
          customId: button(current, 'Next').custom_id,
          userId: world.alex.id,
        }),
      );
      expect(current.id).toBe(first.id);
      expect(current.embeds[0]!.title).toBe(`${i + 1}. ${world.content.sections[i]!.title}`);
    }
    expect(button(current, 'Next').disabled).toBe(true);
    const back = shown(
      await world.discord.clickButton({
        messageId: current.id,
        customId: button(current, 'Previous').custom_id,
        userId: world.alex.id,
      }),
    );
    expect(back.embeds[0]!.title).toBe(`6. ${world.content.sections[5]!.title}`);
    const toc = shown(
      await world.discord.clickButton({
        messageId: back.id,
        customId: button(back, 'Contents').custom_id,
        userId: world.alex.id,
      }),
    );
    expect(toc.embeds[0]!.title).toBe('Reconnecting after hardship');
  });

  it('autocompletes section titles from any word in any case', async () => {
    const outcome = await world.discord.autocomplete({
      guildId: world.guild.id,
      channelId: world.general.id,
      userId: world.alex.id,
      command: 'article',
      options: { section: 'TRUST' },
      focused: 'section',
    });
    expect(outcome.choices?.[0]).toEqual({ name: `4. ${world.content.sections[3]!.title}`, value: 'rebuilding-trust' });
    const all = await world.discord.autocomplete({
      guildId: world.guild.id,
      channelId: world.general.id,
      userId: world.alex.id,
      command: 'article',
      options: { section: '' },
      focused: 'section',
    });
    expect(all.choices).toHaveLength(7);
  });

  it('answers an unknown section privately with the list of valid sections', async () => {
    const message = shown(await world.run('article', { section: 'the moon' }));
    expect(message.ephemeral).toBe(true);
    expect(message.content).toContain("I don't know the section");
    for (const section of world.content.sections)
      expect(message.content).toContain(`${section.order}. ${section.title}`);
  });

  it('with share:true posts to the channel; another member clicking gets a private copy and the shared one stays', async () => {
    const shared = shown(await world.run('article', { section: 'opening', share: true }));
    expect(shared.ephemeral).toBe(false);
    expect(world.discord.messages(world.general.id).map((m) => m.id)).toContain(shared.id);
    const samClick = await world.discord.clickButton({
      messageId: shared.id,
      customId: button(shared, 'Next').custom_id,
      userId: world.sam.id,
    });
    const samCopy = shown(samClick);
    expect(samCopy.id).not.toBe(shared.id);
    expect(samCopy.ephemeral).toBe(true);
    expect(samCopy.embeds[0]!.title).toMatch(/^2\. /);
    const unchanged = world.discord.messages(world.general.id).find((m) => m.id === shared.id) as unknown as Message;
    expect(unchanged.embeds[0]!.title).toMatch(/^1\. /);
    const alexClick = shown(
      await world.discord.clickButton({
        messageId: shared.id,
        customId: button(shared, 'Next').custom_id,
        userId: world.alex.id,
      }),
    );
    expect(alexClick.id).toBe(shared.id);
    expect(alexClick.embeds[0]!.title).toMatch(/^2\. /);
  });
});

describe('/reflect', () => {
  it('draws every question of a theme once before any repeats, through "Another question"', async () => {
    const pool = world.content.questions.filter((q) => q.theme === 'trust');
    const seen: string[] = [];
    let message = shown(await world.run('reflect', { theme: 'trust' }));
    seen.push(message.embeds[0]!.description!);
    for (let i = 1; i < pool.length; i++) {
      message = shown(
        await world.discord.clickButton({
          messageId: message.id,
          customId: button(message, 'Another question').custom_id,
          userId: world.alex.id,
        }),
      );
      seen.push(message.embeds[0]!.description!);
    }
    expect(new Set(seen).size).toBe(pool.length);
    // A heavier question shows its content note first, the question under a spoiler.
    const questions = seen.map((d) => /\|\|(.+)\|\|$/s.exec(d)?.[1] ?? d);
    expect(questions.sort()).toEqual(pool.map((q) => q.text).sort());
    expect(message.embeds[0]!.footer!.text).toMatch(/^Theme: /);
  });

  it('keeps a member’s history across a restart of the bot', async () => {
    const pool = world.content.questions.filter((q) => q.theme === 'boundaries');
    const before = shown(await world.run('reflect', { theme: 'boundaries' }, world.sam.id)).embeds[0]!.description!;
    await world.restart();
    const after: string[] = [];
    for (let i = 1; i < pool.length; i++)
      after.push(shown(await world.run('reflect', { theme: 'boundaries' }, world.sam.id)).embeds[0]!.description!);
    expect(after).not.toContain(before);
    expect(new Set(after).size).toBe(pool.length - 1);
  });

  it('refuses a theme that is not on the list, privately, and records nothing', async () => {
    const before = await world.app.store.reflectHistory(world.alex.id);
    const message = shown(await world.run('reflect', { theme: 'not-a-theme' }));
    expect(message.ephemeral).toBe(true);
    expect(message.content).toMatch(/no theme "not-a-theme"/);
    expect(await world.app.store.reflectHistory(world.alex.id)).toEqual(before);
  });
});

describe('/tips and /about', () => {
  it('/tips lists the five tips in short form', async () => {
    const message = shown(await world.run('tips'));
    expect(message.embeds[0]!.fields!.map((f) => f.name)).toEqual(
      world.content.tips.map((t, i) => `${i + 1}. ${t.title}`),
    );
    expect(message.ephemeral).toBe(true);
  });

  it('/tips tip:support gives the long form and the support note', async () => {
    const message = shown(await world.run('tips', { tip: 'support', share: true }));
    expect(message.ephemeral).toBe(false);
    expect(message.embeds[0]!.description).toContain(world.content.support.body.slice(0, 60));
  });

  it('/about explains the bot privately with its commands and the support note', async () => {
    const message = shown(await world.run('about'));
    expect(message.ephemeral).toBe(true);
    expect(message.embeds[0]!.description).toContain('/reflect');
    expect(message.embeds[1]!.title).toBe(world.content.support.title);
  });
});

describe('safety', () => {
  it('refuses a forged button id with a clear private message and keeps running', async () => {
    const message = shown(await world.run('reflect'));
    const forged = await world.discord.clickButton({
      messageId: message.id,
      customId: 'art:go:../../etc',
      userId: world.alex.id,
    });
    expect(shown(forged).ephemeral).toBe(true);
    expect(shown(forged).content).toMatch(/no longer valid/);
    const stale = await world.discord.clickButton({
      messageId: message.id,
      customId: 'art:go:a-section-that-was-removed',
      userId: world.alex.id,
    });
    expect(shown(stale).content).toMatch(/no longer exists/);
    expect(shown(await world.run('tips')).embeds).toHaveLength(1);
  });

  it('refuses an over-long section value with the list of sections', async () => {
    const message = shown(await world.run('article', { section: 'trust '.repeat(40) }));
    expect(message.ephemeral).toBe(true);
    expect(message.content).toMatch(/^I don't know that section. The sections are:/);
  });

  it('keeps buttons sent before a restart working after it', async () => {
    const before = shown(await world.run('article', { section: 'opening' }));
    await world.restart();
    const after = shown(
      await world.discord.clickButton({
        messageId: before.id,
        customId: button(before, 'Next').custom_id,
        userId: world.alex.id,
      }),
    );
    expect(after.id).toBe(before.id);
    expect(after.embeds[0]!.title).toBe(`2. ${world.content.sections[1]!.title}`);
    const question = shown(await world.run('reflect'));
    await world.restart();
    const next = shown(
      await world.discord.clickButton({
        messageId: question.id,
        customId: button(question, 'Another question').custom_id,
        userId: world.alex.id,
      }),
    );
    expect(next.embeds[0]!.description).not.toBe(question.embeds[0]!.description);
  });

  it('sends no reply that could mention anyone, and nothing the server refused', () => {
    const messages = [...world.discord.messages(world.general.id)];
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect((m as unknown as Message).allowedMentions).toMatchObject({ parse: [] });
    expect(world.discord.violations).toEqual([]);
  });

  it('answers an unexpected failure with a reference id that the log records with the command and server', async () => {
    // The database going away under a running bot is the unexpected failure here,
    // met by a member whose history the bot has not read yet.
    const newcomer = world.discord.addUser({ username: 'newcomer' });
    world.discord.addMember(world.guild.id, newcomer.id);
    await world.app.store.close();
    const message = shown(await world.run('reflect', {}, newcomer.id));
    const ref = message.content.match(/ref: ([A-Z0-9]{8})/)?.[1];
    expect(ref, message.content).toBeDefined();
    const entry = world.logs().find((l) => l.ref === ref);
    expect(entry).toMatchObject({ level: 50, command: 'reflect', guildId: world.guild.id });
    expect(world.logLines.join('')).not.toContain(world.config.token);
    await world.restart();
    expect(shown(await world.run('reflect')).embeds).toHaveLength(1);
  });
});
