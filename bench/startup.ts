/** Start-up and memory of the compiled bot against the bare discord.js bot, for `npm run bench`: see run.ts. */
import { LoopbackDiscord } from '@reconnect/loopback-discord';
import { BOT_LABEL, buildBoth, measureOnce, median, SETTLED_WINDOW_MS, type Contender } from './processes.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gbench.loopback-bench-token';
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);

/** Runs every contender `runs` times, alternating which goes first, against one Discord. */
async function interleaved(
  contenders: Contender[],
  runs: number,
  discord: { apiUrl: string; token: string },
  settled = false,
) {
  const results = new Map<Contender, Array<Awaited<ReturnType<typeof measureOnce>>>>(contenders.map((c) => [c, []]));
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? contenders : [...contenders].reverse();
    for (const who of order) results.get(who)!.push(await measureOnce(who, discord, { settled }));
  }
  return results;
}

/** `npm start` (the compiled bot, plain node) against the bare bot: spawn to ready, and RSS once ready. */
export async function startUp() {
  buildBoth();
  const discord = await LoopbackDiscord.start({ token: TOKEN });
  discord.addGuild({ name: 'Bench', channels: [{ name: 'general' }] });
  try {
    const results = await interleaved(['bare', 'bot'], RUNS, { apiUrl: discord.apiUrl, token: TOKEN });
    const row = (who: Contender) => {
      const runs = results.get(who)!;
      return {
        process: who === 'bot' ? BOT_LABEL : 'bare discord.js bot',
        'median ms to ready': median(runs.map((r) => r.readyMs)).toFixed(0),
        'min ms': Math.min(...runs.map((r) => r.readyMs)).toFixed(0),
        'median RSS after ready (MB)': median(runs.map((r) => r.rssMb)).toFixed(1),
      };
    };
    console.log(
      `\nStart-up: spawn to ready and resident memory after ready, one server, ${RUNS} runs each, interleaved`,
    );
    console.table([row('bare'), row('bot')]);
    const rss = (who: Contender) => median(results.get(who)!.map((r) => r.rssMb));
    const ready = (who: Contender) => median(results.get(who)!.map((r) => r.readyMs));
    console.log(
      `RSS ratio bot/bare ${(rss('bot') / rss('bare')).toFixed(2)} (target ≤ 1.30); start-up ratio ${(ready('bot') / ready('bare')).toFixed(2)}`,
    );
  } finally {
    await discord.close();
  }
}

const SERVERS = Number(process.env.BENCH_SERVERS ?? 2_500);
const CHANNELS = 20;
const ROLES = 10;

/**
 * One process holding 2,500 servers of 20 channels and 10 roles each (one shard's worth),
 * delivered by GUILD_CREATE. The compiled bot against the same bot with discord.js's
 * default caches in place of its own (both as `npm start` runs them: what the bot's
 * choice of caches saves, item 4's target), and against a bare discord.js client with the
 * default caches (the bot's whole cost beside the smallest client), with the bare client
 * with the bot's caches and server index (what they alone save). Two readings of each:
 * 1 s after ready, when the garbage of 2,500 GUILD_CREATEs received at once is still in
 * the heap, and settled, the lowest in the 110 s after ready (what the process holds once
 * V8 has collected that garbage by itself; see processes.ts). Both are printed.
 */
export async function memoryPerServers() {
  buildBoth();
  // Discord's default 2,500 guilds per session is what one shard may hold.
  const discord = await LoopbackDiscord.start({ token: TOKEN });
  const seeding = performance.now();
  const owner = discord.addUser({ username: 'owner' }).id;
  for (let i = 0; i < SERVERS; i++) {
    discord.addGuild({
      name: `Server ${i}`,
      ownerId: owner,
      channels: Array.from({ length: CHANNELS }, (_, c) => ({ name: `channel-${c}` })),
      // With @everyone and the bot's own role, 10 roles in all.
      roles: Array.from({ length: ROLES - 2 }, (_, r) => ({ name: `role-${r}`, permissions: 0n })),
    });
  }
  const seededMs = performance.now() - seeding;
  try {
    const contenders: Contender[] = ['bare', 'bare, bot caches', 'bot, default caches', 'bot'];
    const results = await interleaved(
      contenders,
      Number(process.env.BENCH_MEMORY_RUNS ?? 3),
      { apiUrl: discord.apiUrl, token: TOKEN },
      true,
    );
    const rss = (who: Contender) => median(results.get(who)!.map((r) => r.rssMb));
    const held = (who: Contender) => median(results.get(who)!.map((r) => r.settledMb!));
    console.log(
      `\nMemory per ${SERVERS.toLocaleString('en')} servers × ${CHANNELS} channels × ${ROLES} roles (GUILD_CREATE from the loopback, seeded in ${(seededMs / 1000).toFixed(1)} s), ` +
        `RSS 1 s after ready and settled (the lowest in the ${SETTLED_WINDOW_MS / 1000} s after ready), median of ${results.get('bot')!.length} runs each, interleaved`,
    );
    console.table(
      contenders.map((who) => ({
        process: {
          bot: BOT_LABEL,
          'bot, default caches': "the same bot, discord.js's default caches",
          bare: 'discord.js, default caches',
          'bare, bot caches': "discord.js, the bot's caches and index",
        }[who],
        'median ms to ready': median(results.get(who)!.map((r) => r.readyMs)).toFixed(0),
        'RSS 1 s after ready (MB)': rss(who).toFixed(1),
        'ratio to bare': (rss(who) / rss('bare')).toFixed(2),
        'RSS settled (MB)': held(who).toFixed(1),
        'settled ratio to bare': (held(who) / held('bare')).toFixed(2),
      })),
    );
    const ratios = (of: Contender) =>
      `settled ${(held('bot') / held(of)).toFixed(2)}, 1 s after ready ${(rss('bot') / rss(of)).toFixed(2)}`;
    console.log(
      `RSS ratio of the bot to itself with discord.js's default caches: ${ratios('bot, default caches')} (target ≤ 0.60, settled)\n` +
        `RSS ratio of the bot to a bare discord.js client with the default caches: ${ratios('bare')}`,
    );
  } finally {
    await discord.close();
  }
}
