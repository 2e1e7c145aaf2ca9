import { join } from 'node:path';
import type { APIEmbed } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { testEngines } from '../storage/engines.ts';
import { startWorld, type World } from './harness.ts';

let world: World;
let databaseUrl: string;
/** #reviews, added to the harness's server. */
let reviewsId: string;

type Row = { type: number; components: Array<{ custom_id?: string; label?: string }> };
type Message = {
  id: string;
  content: string;
  embeds: APIEmbed[];
  components?: Row[];
  ephemeral: boolean;
  mentions: unknown[];
  mention_roles: string[];
  mention_everyone: boolean;
};
type Outcome = Awaited<ReturnType<World['run']>>;

const DAY = 86_400_000;
const shown = (o: Outcome) => (o.updated ?? o.reply ?? o.followUps[0]) as unknown as Message;
const buttons = (m: Message) => (m.components ?? []).flatMap((row) => row.components);
const button = (m: Message, label: string) => buttons(m).find((b) => b.label === label)?.custom_id;
const messagesIn = (channelId: string) => world.discord.messages(channelId) as unknown as Message[];
const reviews = () => messagesIn(reviewsId);

async function setReviewChannel() {
  const outcome = await world.run('customize review', { channel: reviewsId });
  expect(shown(outcome).content).toContain('wait for review');
}

/** Runs /suggest as `userId` with the text given; returns the member's answer. */
async function suggest(options: Record<string, string>, userId = world.sam.id) {
  const outcome = await world.run('suggest', options, userId);
  // A deferred answer shows once it is edited.
  return (await world.discord.waitFor(() => outcome.reply)) as unknown as Message;
}

async function press(message: Message, label: string, userId: string) {
  const customId = button(message, label);
  expect(customId, `a "${label}" button`).toBeDefined();
  return world.discord.clickButton({ messageId: message.id, customId: customId!, userId });
}

/** The daily post in #small-wins, with threads, once its time has come. */
async function dailyPost(thread = true) {
  await world.run('smallwins enable', {
    channel: world.channel('small-wins').id,
    time: '09:00',
    timezone: 'Europe/London',
    thread,
  });
  await world.tickAt('2026-11-25T09:00:00Z');
  return messagesIn(world.channel('small-wins').id).find((m) => m.embeds[0]?.title?.startsWith('Small wins'))!;
}

/** Presses "Share a small win anonymously" and sends `text` in the form; returns the answer shown. */
async function shareWin(post: Message, userId: string, text: string) {
  const opened = await press(post, 'Share a small win anonymously', userId);
  if (opened.response?.type !== 9) return shown(opened);
  const submitted = await world.discord.submitModal({ opened, values: { text } });
  return (await world.discord.waitFor(() => submitted.reply)) as unknown as Message;
}

describe.each(testEngines())('members contribute on $name', (engine) => {
  beforeEach(async () => {
    databaseUrl = await engine.newDatabaseUrl();
    world = await startWorld({ databaseUrl });
    reviewsId = world.discord.addChannel(world.guild.id, { name: 'reviews' }).id;
    // addChannel arrives over the gateway; the bot checks its permissions from that cache.
    await world.discord.waitFor(() => world.app.bot.servers.channel(world.guild.id, reviewsId));
  });
  afterEach(async () => {
    await world?.close();
  });

  it('GIVEN no review channel THEN /suggest says suggestions are off, privately, and nothing is stored', async () => {
    const answer = shown(
      await world.run('suggest', { kind: 'prompt', text: 'Notice one patient moment.' }, world.sam.id),
    );
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('Suggestions are off');
  });

  it("GIVEN a suggested question THEN the review names its author, Approve survives a restart, says who decided, and the question joins the server's own", async () => {
    await setReviewChannel();
    const answer = await suggest({
      kind: 'question',
      theme: 'trust',
      text: 'Which small promise did you keep lately?',
    });
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('waits for a moderator');
    const [review] = reviews();
    expect(review!.embeds[0]!.description).toBe('Which small promise did you keep lately?');
    expect(JSON.stringify(review!.embeds)).toContain(`<@${world.sam.id}>`);
    expect(review!.mentions).toEqual([]);

    await world.restart();
    const approved = await press(review!, 'Approve', world.alex.id);
    await world.discord.waitFor(() => buttons(reviews()[0]!).every((b) => b.label !== 'Approve'));
    const decided = reviews()[0]!;
    expect(JSON.stringify(decided.embeds)).toContain(`Approved by <@${world.alex.id}>`);
    expect(approved.status).toBe('responded');

    // A second press, on a stale copy of the message, says who decided.
    const again = await press(review!, 'Reject', world.alex.id);
    const told = (await world.discord.waitFor(() => again.followUps[0])) as unknown as Message;
    expect(told.ephemeral).toBe(true);
    expect(told.content).toContain(`already approved by <@${world.alex.id}>`);
    expect(told.mentions).toEqual([]);

    const own = await world.app.store.serverContent.allQuestions(world.guild.id);
    expect(own.map((q) => [q.theme, q.text])).toEqual([['trust', 'Which small promise did you keep lately?']]);
    const seen: string[] = [];
    for (let i = 0; i < 30 && !seen.includes('Which small promise did you keep lately?'); i++) {
      seen.push(shown(await world.run('reflect', { theme: 'trust' }, world.alex.id)).embeds[0]!.description!);
    }
    expect(seen).toContain('Which small promise did you keep lately?');
  });

  it('GIVEN a suggested prompt approved THEN it goes out in the daily rotation', async () => {
    // The minimal pack's 2 prompts, so the whole rotation is 3 days.
    await world.close();
    world = await startWorld({
      databaseUrl: await engine.newDatabaseUrl(),
      contentDir: join(import.meta.dirname, '../fixtures/content-min'),
    });
    reviewsId = world.discord.addChannel(world.guild.id, { name: 'reviews' }).id;
    await world.discord.waitFor(() => world.app.bot.servers.channel(world.guild.id, reviewsId));
    await setReviewChannel();
    await suggest({ kind: 'prompt', text: 'Write down one thing that went a little better today.' });
    await press(reviews()[0]!, 'Approve', world.alex.id);
    await world.discord.waitFor(() => JSON.stringify(reviews()[0]!.embeds).includes('Approved by'));
    await world.run('smallwins enable', {
      channel: world.channel('small-wins').id,
      time: '09:00',
      timezone: 'Europe/London',
    });
    const texts: string[] = [];
    // The rotation goes through the whole pool before any repeat.
    const pool = world.content.prompts.length + 1;
    for (let day = 0; day < pool; day++) {
      await world.tickAt(new Date(Date.parse('2026-11-25T09:00:00Z') + day * DAY).toISOString());
    }
    for (const m of messagesIn(world.channel('small-wins').id))
      if (m.embeds[0]?.description) texts.push(m.embeds[0].description);
    expect(texts).toContain('Write down one thing that went a little better today.');
  });

  it('GIVEN a suggestion rejected THEN the review says who rejected it and nothing joins the pool', async () => {
    await setReviewChannel();
    await suggest({ kind: 'question', theme: 'patience', text: 'What are you willing to wait for?' });
    await press(reviews()[0]!, 'Reject', world.alex.id);
    await world.discord.waitFor(() => JSON.stringify(reviews()[0]!.embeds).includes(`Rejected by <@${world.alex.id}>`));
    expect(buttons(reviews()[0]!)).toEqual([]);
    expect(await world.app.store.serverContent.allQuestions(world.guild.id)).toEqual([]);
  });

  it('GIVEN a member without Manage Server presses Approve THEN they are refused privately and the review waits as it was', async () => {
    await setReviewChannel();
    await suggest({ kind: 'prompt', text: 'Thank someone for something small.' });
    const before = JSON.stringify(reviews()[0]);
    const refused = await press(reviews()[0]!, 'Approve', world.sam.id);
    expect(shown(refused).ephemeral).toBe(true);
    expect(shown(refused).content).toContain('Manage Server');
    expect(JSON.stringify(reviews()[0])).toBe(before);
  });

  it('GIVEN 5 suggestions waiting THEN a sixth is refused and not posted; a duplicate is refused; a long text is refused', async () => {
    await setReviewChannel();
    for (let i = 1; i <= 5; i++) await suggest({ kind: 'prompt', text: `Small step number ${i} for today.` });
    expect(reviews()).toHaveLength(5);
    const sixth = await suggest({ kind: 'prompt', text: 'Small step number 6 for today.' });
    expect(sixth.content).toContain('5 suggestions waiting');
    const dup = await suggest({ kind: 'prompt', text: world.content.prompts[0]!.text.toUpperCase() }, world.alex.id);
    expect(dup.content).toContain('already has that daily prompt');
    const long = await suggest({ kind: 'question', theme: 'trust', text: 'y'.repeat(301) }, world.alex.id);
    expect(long.content).toContain('301 characters');
    expect(reviews()).toHaveLength(5);
  });

  it('GIVEN /suggest without text THEN a form asks for it, and what is sent is reviewed', async () => {
    await setReviewChannel();
    const opened = await world.run('suggest', { kind: 'prompt' }, world.sam.id);
    expect(opened.response?.type).toBe(9);
    const submitted = await world.discord.submitModal({ opened, values: { text: 'Notice a kind word you heard.' } });
    await world.discord.waitFor(() => submitted.reply);
    expect(reviews()[0]!.embeds[0]!.description).toBe('Notice a kind word you heard.');
  });

  it('GIVEN an anonymous small win THEN the review carries no trace of the sender, and once approved it is posted in the thread with nobody named', async () => {
    await setReviewChannel();
    const post = await dailyPost();
    const text = 'I called my sister. @everyone <@' + world.alex.id + '> it went fine.';
    const answer = await shareWin(post, world.sam.id, text);
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('Thank you for sharing');

    const review = reviews()[0]!;
    const whole = JSON.stringify(world.discord.message(review.id));
    // Not even through the message's own fields: it is the bot's post, made by no interaction of the member's.
    const traces = [world.sam.id, world.sam.username, world.sam.global_name, world.sam.avatar].filter(
      (t): t is string => typeof t === 'string' && t !== '',
    );
    expect(traces.length).toBeGreaterThan(1);
    for (const trace of traces) expect(whole).not.toContain(trace);
    expect(whole).not.toContain('interaction_metadata');
    for (const id of buttons(review).map((b) => b.custom_id!)) expect(id).toMatch(/^ctb:(ok|no|block):[0-9a-f]{16}$/);
    expect(review.mentions).toEqual([]);

    await press(review, 'Approve', world.alex.id);
    const thread = await world.discord.waitFor(() =>
      messagesIn(post.id).find((m) => m.content.startsWith('A member shared:')),
    );
    expect(thread.content).toContain('I called my sister.');
    expect(thread.content).not.toMatch(/@(?!\u200b)/);
    expect(thread.mentions).toEqual([]);
    expect(thread.mention_everyone).toBe(false);
    expect(JSON.stringify(world.discord.message(thread.id))).not.toContain(world.sam.id);
  });

  it('GIVEN a daily post without a thread THEN an approved small win replies to the post', async () => {
    await setReviewChannel();
    const post = await dailyPost(false);
    await shareWin(post, world.sam.id, 'Slept well for once.');
    await press(reviews()[0]!, 'Approve', world.alex.id);
    const reply = await world.discord.waitFor(() =>
      messagesIn(world.channel('small-wins').id).find((m) => m.content.startsWith('A member shared:')),
    );
    expect((reply as unknown as { message_reference?: { message_id: string } }).message_reference?.message_id).toBe(
      post.id,
    );
  });

  it('GIVEN a moderator blocks the sender THEN that member cannot share again there, another member still can, and 3 a day is the most', async () => {
    await setReviewChannel();
    const post = await dailyPost();
    await shareWin(post, world.sam.id, 'A good walk.');
    const blocked = await press(reviews()[0]!, 'Block this sender', world.alex.id);
    expect(shown(blocked).ephemeral).toBe(true);
    expect(shown(blocked).content).toContain('nobody has learned who it was');
    expect(shown(blocked).content).not.toContain(world.sam.id);
    const refused = await shareWin(post, world.sam.id, 'Another good walk.');
    expect(refused.content).toContain('turned off anonymous small wins for you');
    expect(reviews()).toHaveLength(1);

    for (let i = 1; i <= 3; i++)
      expect((await shareWin(post, world.alex.id, `Win number ${i}.`)).content).toContain('Thank you for sharing');
    const fourth = await shareWin(post, world.alex.id, 'Win number 4.');
    expect(fourth.content).toContain('3 small wins');
    expect(reviews()).toHaveLength(4);
  });

  it('GIVEN 30 days after a share THEN the sender link is deleted, and the share can no longer be traced or blocked', async () => {
    await setReviewChannel();
    const post = await dailyPost();
    await shareWin(post, world.sam.id, 'Made tea for my dad.');
    const senderRefs = async () => {
      const db = await openDatabase(databaseUrl);
      try {
        return await db.knex('submissions').whereNotNull('sender_ref').count({ n: '*' }).first();
      } finally {
        await db.close();
      }
    };
    expect(Number((await senderRefs())!.n)).toBe(1);
    world.setClock('2026-12-24T09:01:00Z');
    await world.app.store.contributions.purgeExpired();
    expect(Number((await senderRefs())!.n)).toBe(1);
    world.setClock('2026-12-25T09:01:00Z');
    // What the hourly purge runs.
    await world.app.store.contributions.purgeExpired();
    expect(Number((await senderRefs())!.n)).toBe(0);
    const late = await press(reviews()[0]!, 'Block this sender', world.alex.id);
    expect(shown(late).content).toContain('can no longer be blocked');
  });

  it('GIVEN a waiting suggestion and an anonymous share THEN /mydata counts them, and erasing withdraws the one and unlinks the other', async () => {
    await setReviewChannel();
    await suggest({ kind: 'prompt', text: 'Say thank you to yourself today.' });
    const post = await dailyPost();
    await shareWin(post, world.sam.id, 'Went for a swim.');
    const { memberData } = world.app.store;
    const counts = async (userId: string) =>
      Object.fromEntries((await memberData.describe(userId)).map((k) => [k.kind, k.count]));
    expect(await counts(world.sam.id)).toMatchObject({ suggestions: 1, 'anonymous-shares': 1 });
    expect(await counts(world.alex.id)).toMatchObject({ suggestions: 0, 'anonymous-shares': 0 });
    expect(JSON.stringify(await memberData.export(world.sam.id))).toContain('Went for a swim.');

    // In the member's own words, without content.
    const showing = shown(await world.run('mydata show', {}, world.sam.id));
    const listed = showing.embeds[0]!.description!;
    expect(listed).toContain("**Suggestions:** 1 waiting for a moderator's review");
    expect(listed).toContain('**Anonymous small wins:** 1 shared in the last 30 days');
    expect(listed).not.toContain('Went for a swim.');
    expect(listed).not.toContain('Your decisions as a moderator');

    const confirm = shown(await world.run('mydata delete', {}, world.sam.id));
    const erased = shown(
      await world.discord.clickButton({
        messageId: confirm.id,
        customId: button(confirm, 'Erase everything')!,
        userId: world.sam.id,
      }),
    );
    expect(erased.content).toContain('1 suggestion waiting for review');
    expect(erased.content).toContain('the link between you and 1 anonymous small win');
    expect(await counts(world.sam.id)).toMatchObject({ suggestions: 0, 'anonymous-shares': 0 });
    const [suggestion, share] = reviews();
    const gone = await press(suggestion!, 'Approve', world.alex.id);
    expect(((await world.discord.waitFor(() => gone.followUps[0])) as unknown as Message).content).toContain(
      'no longer stored',
    );
    const unlinked = await press(share!, 'Block this sender', world.alex.id);
    expect(shown(unlinked).content).toContain('can no longer be blocked');
  });
});
