import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { ServerCustomization } from '../../src/customize/server-customization.ts';
import { preferencesOf } from '../../src/members/member-choices.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { Store } from '../../src/storage/store.ts';
import { testEngines } from './engines.ts';

/**
 * Two processes on one database (as with PostgreSQL, issue 9): each holds what draws read
 * in memory, and a change made through one reaches the other once it reads the change feed
 * (driven here by pollChanges; the bot also reads it on a timer, off in these tests).
 */
const content = loadContent(DEFAULT_CONTENT_DIR);
const GUILD = '200000000000000001';
const ALEX = '300000000000000001';
const SAM = '300000000000000002';

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe.each(testEngines())('what draws read, held by two processes on one $name database', (engine) => {
  async function twoProcesses() {
    const url = await engine.newDatabaseUrl();
    const here = await Store.open(url, { changePollIntervalMs: 0 });
    const there = await Store.open(url, { changePollIntervalMs: 0 });
    stores.push(here, there);
    return { url, here, there };
  }

  it("GIVEN a server's questions, pools and support note changed through one process THEN the other draws from and shows them once it reads the feed", async () => {
    const { here, there } = await twoProcesses();
    const moderator = new ServerCustomization(content, here);
    const elsewhere = new ServerCustomization(content, there);
    // The other process has drawn in this server already, so it holds the server's pools.
    expect((await elsewhere.contentForReflect(GUILD)).content.questions).toEqual(content.questions);
    expect((await elsewhere.support(GUILD)).own).toBe(false);

    const ours = await moderator.addQuestion(GUILD, 'trust', 'Ours: what would rebuild a little trust this month?');
    await moderator.use(GUILD, { questions: 'server' });
    await moderator.setSupport(GUILD, 'In our town: call the Listening Line, day or night.');
    await there.pollChanges();
    expect((await elsewhere.contentForReflect(GUILD)).content.questions.map((q) => q.text)).toEqual([
      'Ours: what would rebuild a little trust this month?',
    ]);
    expect(await elsewhere.support(GUILD)).toEqual({
      note: { title: content.support.title, body: 'In our town: call the Listening Line, day or night.' },
      own: true,
    });

    // Its only question removed: the server's pool is empty, so draws fall back to the pack's.
    await moderator.removeQuestion(GUILD, ours.id);
    await moderator.resetSupport(GUILD);
    await there.pollChanges();
    expect((await elsewhere.contentForReflect(GUILD)).content.questions).toEqual(content.questions);
    expect((await elsewhere.support(GUILD)).own).toBe(false);
  });

  it("GIVEN a server's prompts and prompt pool changed through one process THEN the other's daily posts rotate through them once it reads the feed", async () => {
    const { here, there } = await twoProcesses();
    const moderator = new ServerCustomization(content, here);
    const elsewhere = new ServerCustomization(content, there);
    const texts = async () => (await elsewhere.promptsFor(GUILD)).map((p) => p.text);
    // The other process has posted in this server already, so it holds the server's pools.
    expect(await texts()).toEqual(content.prompts.map((p) => p.text));

    const ours = await moderator.addPrompt(GUILD, 'Ours: name one small kindness you noticed this week.');
    await there.pollChanges();
    expect(await texts()).toEqual([
      ...content.prompts.map((p) => p.text),
      'Ours: name one small kindness you noticed this week.',
    ]);

    await moderator.use(GUILD, { prompts: 'server' });
    await there.pollChanges();
    expect(await texts()).toEqual(['Ours: name one small kindness you noticed this week.']);

    // Its only prompt removed: the server's pool is empty, so posts fall back to the pack's.
    await moderator.removePrompt(GUILD, ours.id);
    await there.pollChanges();
    expect(await texts()).toEqual(content.prompts.map((p) => p.text));
  });

  it("GIVEN a member's preferences changed, then erased, through one process THEN the other honours each once it reads the feed, and the feed never names the member", async () => {
    const { url, here, there } = await twoProcesses();
    const defaults = { excludedThemes: [], contentNotes: true };
    expect(await preferencesOf({ store: there, content }, ALEX)).toEqual(defaults);
    expect(await preferencesOf({ store: there, content }, SAM)).toEqual(defaults);

    await here.saveMemberPreferences(ALEX, { excludedThemes: ['trust'], contentNotes: false });
    await there.pollChanges();
    expect(await preferencesOf({ store: there, content }, ALEX)).toEqual({
      excludedThemes: ['trust'],
      contentNotes: false,
    });
    expect(await preferencesOf({ store: there, content }, SAM)).toEqual(defaults);

    // /mydata delete in one process: the other no longer applies the erased choices.
    await here.memberData.erase(ALEX);
    await there.pollChanges();
    expect(await preferencesOf({ store: there, content }, ALEX)).toEqual(defaults);

    const db = await openDatabase(url);
    try {
      const rows = (await db.knex('subscription_changes').select('*')) as unknown[];
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(ALEX);
    } finally {
      await db.close();
    }
  });
});
