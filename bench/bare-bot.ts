import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';

/**
 * The smallest bot that answers: a discord.js client (Guilds intent) that replies
 * "pong" to every slash command. Benchmarks use it as the latency floor, so it does
 * nothing else. `caches` replaces discord.js's default caches (the memory bench gives it
 * the bot's own) and `raw` takes every gateway dispatch (the bot's server index).
 */
export async function startBareBot(opts: {
  apiUrl: string;
  token: string;
  caches?: Pick<ClientOptions, 'makeCache' | 'sweepers'>;
  raw?: (packet: { t?: string | null; d?: unknown }) => void;
  /** Called with the client before it logs in. */
  onClient?: (client: Client) => void;
}): Promise<{ client: Client<true>; stop(): Promise<void> }> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: opts.apiUrl }, ...opts.caches });
  if (opts.raw) client.on(Events.Raw, opts.raw);
  opts.onClient?.(client);
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    interaction.reply({ content: 'pong', allowedMentions: { parse: [] } }).catch(() => {
      // A refused reply shows in the loopback's outcome; the floor bot has nothing to add.
    });
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(opts.token);
  const readyClient = await ready;
  let stopped = false;
  return {
    client: readyClient,
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
    },
  };
}
