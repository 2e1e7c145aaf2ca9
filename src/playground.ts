/**
 * `npm run playground`: a loopback Discord with a seeded server, the real bot started
 * through the same code path as `npm start`, and a terminal where you type slash
 * commands as in Discord. Needs no token, no .env and no network.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { launchApp, type App } from './app.ts';
import { parseConfig } from './config.ts';
import { loadContent } from './content.ts';
import { createLogger } from './logger.ts';
import { LoopbackDiscord } from './loopback/index.ts';
import { parseCommandLine } from './playground/parse.ts';
import { renderMessage, type Action, type RenderableMessage } from './playground/render.ts';
import { registerCommands } from './register-commands.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.Gplay.playground-local-token';
const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
const width = Math.min(88, Math.max(40, (process.stdout.columns ?? 80) - 2));

const HELP = `Type a slash command as in Discord, for example:
  /article                      the contents, with a menu
  /article section:trust        one section, with Previous/Next buttons
  /reflect theme:trust          a reflection question
  /tips tip:support share:true  one tip, shared with the channel
  /about
  /smallwins enable channel:#small-wins time:9am timezone:Europe/London
  /smallwins status             (you are the server owner, so you may)
Press a button or pick a menu option by typing its number.
Playground commands:
  /clock                 show the bot's clock
  /clock +1d, +3h, +30m  move it forward; the scheduler ticks every minute on the way
  /clock 09:00           move it forward to the next 09:00 (UTC)
  /restart               restart the bot (same database), as after a deploy
  /fail #channel 403     make posting there fail: 403, 404 (deleted) or ok
  /help, /quit (or end of input)`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-playground-'));
  const logPath = join(dir, 'bot.log');
  const discord = await LoopbackDiscord.start({ token: TOKEN });
  const you = discord.addUser({ username: 'you' });
  const guild = discord.addGuild({
    name: 'Reconnect Playground',
    ownerId: you.id,
    channels: [{ name: 'general' }, { name: 'small-wins' }, { name: 'introductions' }],
    members: [{ userId: you.id }],
  });
  const channel = guild.channels.find((c) => c.name === 'general')!;
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: guild.id,
    DATABASE_URL: `sqlite://${join(dir, 'playground.sqlite')}`,
    CONTENT_DIR: process.env.CONTENT_DIR,
  });
  const logFile = createWriteStream(logPath);
  const logger = createLogger({ level: 'info', secrets: [TOKEN], destination: logFile });

  // The bot's clock starts at the real time and moves only when you say (/clock).
  let clock = Date.now();
  const timeOptions = { now: () => clock, autoTick: false };
  let app: App | undefined;
  const shutdown = async (code: number) => {
    await app?.stop().catch(() => undefined);
    await discord.close().catch(() => undefined);
    logFile.end();
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };

  try {
    await registerCommands(config, loadContent(config.contentDir));
    app = await launchApp(config, logger, timeOptions);
  } catch (error) {
    console.error(`The playground could not start: ${(error as Error).message}`);
    await shutdown(1);
    return;
  }

  console.log(`Reconnect playground: a local Discord server "${guild.name}", you are @you in #${channel.name}.`);
  console.log(`The bot's log is at ${logPath}\n`);
  console.log(HELP);

  let actions: Array<Action & { messageId: string }> = [];
  const show = (messages: RenderableMessage[] & Array<{ id: string }>) => {
    actions = [];
    for (const message of messages) {
      const rendered = renderMessage(message, { width, firstActionNumber: actions.length + 1, color: interactive });
      console.log(`\n${rendered.text}`);
      actions.push(...rendered.actions.map((a) => ({ ...a, messageId: message.id })));
    }
    console.log('');
  };

  // Posts the bot makes on its own (the daily prompts) appear as they arrive.
  type Posted = RenderableMessage & { id: string; channel_id: string; interaction_metadata?: unknown; ephemeral?: boolean };
  discord.on('message', (message: Posted, kind: 'create' | 'update' | 'delete') => {
    if (kind !== 'create' || message.interaction_metadata || message.ephemeral) return;
    const where = guild.channels.find((c) => c.id === message.channel_id)?.name ?? message.channel_id;
    console.log(`\n── new message in #${where} ──`);
    show([message]);
  });

  /** Prints a line for the person; the input was handled. */
  const say = (line: string) => {
    console.log(line);
    return true;
  };
  const channelId = (text: string) => guild.channels.find((c) => c.id === text || c.name === text.replace(/^#/, ''))?.id;
  const roleId = (text: string) => discord.guild(guild.id)?.roles.find((r: { id: string; name: string }) => r.id === text || r.name === text.replace(/^@/, ''))?.id;
  const setClock = async (target: number) => {
    // Tick every minute on the way, as node-cron would while the bot runs.
    for (let t = Math.ceil(clock / 60_000) * 60_000; t <= target; t += 60_000) {
      clock = t;
      await app!.bot.scheduler.tick();
    }
    clock = target;
    console.log(`The bot's clock: ${new Date(clock).toUTCString()}`);
  };

  const playgroundCommand = async (input: string): Promise<boolean> => {
    const [name, ...args] = input.slice(1).split(/\s+/);
    switch (name?.toLowerCase()) {
      case 'help':
        console.log(HELP);
        return true;
      case 'clock': {
        const arg = args[0];
        if (!arg) return say(`The bot's clock: ${new Date(clock).toUTCString()}`);
        const step = arg.match(/^\+(\d+)([dhm])$/);
        const at = arg.match(/^(\d{1,2}):(\d{2})$/);
        if (step) await setClock(clock + Number(step[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[step[2] as 'd' | 'h' | 'm']);
        else if (at) {
          const next = new Date(clock);
          next.setUTCHours(Number(at[1]), Number(at[2]), 0, 0);
          if (next.getTime() <= clock) next.setUTCDate(next.getUTCDate() + 1);
          await setClock(next.getTime());
        } else console.log('Use /clock +1d, /clock +3h, /clock +30m or /clock 09:00.');
        return true;
      }
      case 'restart':
        await app?.stop();
        app = await launchApp(config, logger, timeOptions);
        console.log('The bot restarted on the same database.');
        return true;
      case 'fail': {
        const id = args[0] && channelId(args[0]);
        const fault = args[1];
        if (!id || !['403', '404', 'ok'].includes(fault ?? '')) return say('Use /fail #channel 403, /fail #channel 404 or /fail #channel ok.');
        if (fault === '404') {
          discord.deleteChannel(id);
          console.log('The channel is deleted.');
        } else {
          discord.setChannelFault(id, fault === '403' ? 403 : null);
          console.log(fault === '403' ? 'Posting there now answers 403 Missing Permissions.' : 'Posting there works again.');
        }
        return true;
      }
      default:
        return false;
    }
  };

  const handle = async (line: string): Promise<boolean> => {
    const input = line.trim();
    if (!input) return true;
    if (/^\/(quit|exit)$/i.test(input)) return false;
    if (input.startsWith('/') && (await playgroundCommand(input))) return true;
    let outcome;
    if (/^\d+$/.test(input)) {
      const action = actions.find((a) => a.n === Number(input));
      if (!action) return say(`There is no [${input}] on screen.`);
      if (action.disabled) return say(`[${input}] ${action.label} is disabled.`);
      outcome =
        action.kind === 'button'
          ? await discord.clickButton({ messageId: action.messageId, customId: action.customId, userId: you.id })
          : await discord.selectMenu({ messageId: action.messageId, customId: action.customId, values: [action.value!], userId: you.id });
    } else if (input.startsWith('/')) {
      const parsed = parseCommandLine(input, discord.registeredCommands(guild.id));
      if (!parsed.ok) return say(parsed.error);
      // Channel and role options are typed by name, as Discord's picker shows them.
      for (const [key, value] of Object.entries(parsed.options)) {
        if (typeof value !== 'string') continue;
        if (key === 'channel') parsed.options[key] = channelId(value) ?? value;
        if (key === 'role') parsed.options[key] = roleId(value) ?? value;
      }
      outcome = await discord.invoke({ guildId: guild.id, channelId: channel.id, userId: you.id, command: parsed.command, options: parsed.options });
    } else {
      console.log('Type a slash command (try /help), or the number of a button or menu option.');
      return true;
    }
    if (outcome.status === 'timeout') console.log('(the bot did not answer within 3 seconds)');
    // A deferred answer ("thinking…") is shown once the bot fills it in.
    if (outcome.response?.type === 5) await discord.waitFor(() => outcome.reply, 15_000).catch(() => undefined);
    const shown = [outcome.updated ?? outcome.reply, ...outcome.followUps].filter((m) => m !== undefined);
    if (shown.length) show(shown as never);
    return true;
  };

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  const prompt = () => interactive && rl.prompt();
  rl.setPrompt(`#${channel.name} › `);
  prompt();
  for await (const line of rl) {
    let keepGoing = true;
    try {
      keepGoing = await handle(line);
    } catch (error) {
      console.log(`Playground error: ${(error as Error).message}`);
    }
    if (!keepGoing) break;
    prompt();
  }
  rl.close();
  console.log('Bye.');
  await shutdown(0);
}

await main();
