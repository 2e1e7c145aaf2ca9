/**
 * `npm run playground`: a loopback Discord with a seeded server, the real bot started
 * through the same code path as `npm start`, and a terminal where you type slash
 * commands as in Discord. Needs no token, no .env and no network. A tool for developers,
 * outside src/: the bot's runtime never imports it.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType, InteractionContextType, MessageType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { LoopbackDiscord } from '@reconnect/loopback-discord';
import { launchApp, type App } from '../src/app/app.ts';
import { parseConfig } from '../src/app/config.ts';
import { loadContent } from '../src/content/content-pack.ts';
import { createLogger } from '../src/app/logger.ts';
import { advanceClock, parseClockMove } from './clock.ts';
import { createConsole } from './console.ts';
import { formatTimestamp } from './discord-time.ts';
import { excerpt, parseCommandLine } from './parse.ts';
import { renderMessage, wrapText, type Action, type RenderableMessage } from './render.ts';
import { registerCommands } from '../src/discord/register-commands.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.Gplay.playground-local-token';
const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
const width = Math.min(88, Math.max(40, (process.stdout.columns || 80) - 2));
/** Discord shows times in the viewer's zone: here, this machine's (TZ). */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const ROLE = 'Small Wins Crew';

const HELP = `Type a slash command as in Discord, for example:
  /article                      the contents, with a menu
  /article section:trust        one section, with Previous/Next buttons
  /reflect theme:trust          a reflection question
  /tips tip:support share:true  one tip, shared with the channel
  /about
  /preferences                  themes to leave out, content notes
  /mydata show                  what is kept about you (also export, delete)
  /smallwins enable channel:#small-wins time:9am timezone:Europe/London
  /smallwins status             (you are the server owner, so you may)
Press a button or pick a menu option by typing its number.
Playground commands:
  /channels              the channels and roles, to type as channel: and role:
                         (e.g. role:@${ROLE})
  /clock                 show the bot's clock
  /clock +1d, +3h, +30m  move it forward; the scheduler ticks every minute
  /clock 09:00           move it forward to the next 09:00 in your time zone
  /restart               restart the bot (same database), as after a deploy
  /dm, /server           use the member commands in your DM with the bot (you
                         installed it to your account), or back in #general
  /fail #channel 403     make posting there fail: 403 (refused), 404 (the
                         channel is deleted), or ok (works again; a deleted
                         channel comes back)
  /help, /quit (or end of input)`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-playground-'));
  const logPath = join(dir, 'bot.log');
  // The bot's clock starts at the real time and moves only when you say (/clock).
  let clock = Date.now();
  const startedAt = clock;
  // Discord's rate limits run on real time plus every jump of the bot's clock: posts a
  // simulated day apart never share a window, and six quick post-nows still meet the limit.
  const discord = await LoopbackDiscord.start({ token: TOKEN, rateLimitClock: () => Date.now() + (clock - startedAt) });
  const you = discord.addUser({ username: 'you' });
  const seeded = discord.addGuild({
    name: 'Reconnect Playground',
    ownerId: you.id,
    channels: [{ name: 'general' }, { name: 'small-wins' }, { name: 'introductions' }],
    roles: [{ name: ROLE, permissions: 0n, mentionable: true }],
    members: [{ userId: you.id }],
    // What the invite in the README asks for (with Mention Everyone, as the loopback's default), so `pin:true` works here.
    botPermissions:
      P.ViewChannel |
      P.SendMessages |
      P.EmbedLinks |
      P.ReadMessageHistory |
      P.CreatePublicThreads |
      P.SendMessagesInThreads |
      P.MentionEveryone |
      P.PinMessages,
  });
  const home = seeded.channels.find((c) => c.name === 'general')!;
  discord.installForUser(you.id);
  const dm = discord.openDm(you.id);
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: seeded.id,
    DATABASE_URL: `sqlite://${join(dir, 'playground.sqlite')}`,
    CONTENT_DIR: process.env.CONTENT_DIR,
  });
  const logFile = createWriteStream(logPath);
  const logger = createLogger({ level: 'info', secrets: [TOKEN], destination: logFile });

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
    // Globally, as in production, so the member commands reach your DM through your user install.
    await registerCommands({ ...config, guildId: undefined }, loadContent(config.contentDir));
    app = await launchApp(config, logger, timeOptions);
  } catch (error) {
    console.error(`The playground could not start: ${(error as Error).message}`);
    await shutdown(1);
    return;
  }

  const con = createConsole({
    input: process.stdin,
    output: process.stdout,
    terminal: interactive,
    prompt: `#${home.name} › `,
  });
  /** Where you type commands: #general, or your DM with the bot (/dm, /server). */
  let inDm = false;
  const where = () => (inDm ? `your DM with ${discord.application.name}` : `#${home.name}`);
  /** Prints the playground's own text, wrapped at word boundaries like the bot's messages. */
  const say = (text: string) => {
    con.print(wrapText(text, width, '  '));
    return true;
  };

  // ---- the server, as the person sees it: by name, never by id ----------------------
  const guild = () => discord.guild(seeded.id)!;
  const textChannels = () =>
    guild().channels.filter((c) => c.type === ChannelType.GuildText || c.type === ChannelType.GuildAnnouncement);
  const users = new Map([
    [you.id, you.username],
    [discord.application.id, discord.application.name],
  ]);
  const names = {
    channel: (id: string) => discord.channel(id)?.name ?? undefined,
    role: (id: string) => guild().roles.find((r) => r.id === id)?.name,
    user: (id: string) => users.get(id),
  };
  const bare = (text: string) => text.replace(/^[#@]/, '').trim().toLowerCase();
  const findChannel = (text: string) =>
    textChannels().find((c) => c.id === text || c.name?.toLowerCase() === bare(text));
  const findRole = (text: string) => guild().roles.find((r) => r.id === text || bare(r.name) === bare(text));
  const channelList = () =>
    textChannels()
      .map((c) => `#${c.name}`)
      .join(', ');
  const roleList = () =>
    guild()
      .roles.map((r) => (r.name.startsWith('@') ? r.name : `@${r.name}`))
      .join(', ');
  /** Any id left in a message (from the loopback, say) becomes the name it stands for. */
  const withNames = (text: string) =>
    text.replace(/\d{17,20}/g, (id) => {
      if (id === seeded.id) return `"${seeded.name}"`;
      const channel = names.channel(id);
      if (channel) return `#${channel}`;
      const role = names.role(id);
      if (role) return role.startsWith('@') ? role : `@${role}`;
      const user = names.user(id);
      return user ? `@${user}` : 'something that no longer exists';
    });
  const when = (at: number) => `${formatTimestamp(at, 'F', { now: clock, timeZone })} (${timeZone})`;

  say(`Reconnect playground: a local Discord server "${seeded.name}", you are @${you.username} in #${home.name}.`);
  say(`The bot's log is at ${logPath}`);
  say(`Times show in your time zone (${timeZone}), as Discord shows them.\n`);
  con.print(HELP);

  let actions: Array<Action & { messageId: string }> = [];
  const show = (messages: RenderableMessage[] & Array<{ id: string }>) => {
    actions = [];
    for (const message of messages) {
      const rendered = renderMessage(message, {
        width,
        firstActionNumber: actions.length + 1,
        color: interactive,
        names,
        viewer: { now: clock, timeZone },
      });
      con.print(`\n${rendered.text}`);
      actions.push(...rendered.actions.map((a) => ({ ...a, messageId: message.id })));
    }
    con.print('');
  };

  // Posts the bot makes on its own (the daily prompts) appear as they arrive.
  type Posted = RenderableMessage & {
    id: string;
    channel_id: string;
    interaction_metadata?: unknown;
    ephemeral?: boolean;
    type?: number;
  };
  discord.on('message', (message: Posted, kind: 'create' | 'update' | 'delete') => {
    if (kind !== 'create' || message.interaction_metadata || message.ephemeral) return;
    if (message.type === MessageType.ChannelPinnedMessage) {
      con.print(`📌 pinned a message in #${names.channel(message.channel_id) ?? 'unknown-channel'}`);
      return;
    }
    con.print(`\n── new message in #${names.channel(message.channel_id) ?? 'unknown-channel'} ──`);
    show([message]);
  });

  const moveClock = async (target: number) => {
    const days = Math.floor((target - clock) / 86_400_000);
    let shownTenth = 0;
    await advanceClock({
      from: clock,
      to: target,
      set: (at) => (clock = at),
      tick: () => app!.bot.daily.runner.tick(),
      progress: ({ at, day }) => {
        // In a terminal one line counts every day; piped, a line at each tenth of the way.
        const tenth = Math.floor((10 * day) / days);
        if (!interactive && tenth === shownTenth) return;
        shownTenth = tenth;
        con.progress(`⏩ ${formatTimestamp(at, 'f', { now: clock, timeZone })} · day ${day} of ${days}`);
      },
    });
    // The store's hourly purge runs on real time; a jump does at once what it would have done on the way.
    await app!.store.purgeExpiredHistories();
    say(`The bot's clock: ${when(clock)}.`);
  };

  const fail = async (args: string[]) => {
    const [target, fault] = args;
    if (!target || !['403', '404', 'ok'].includes(fault ?? ''))
      return say('Use /fail #channel 403, /fail #channel 404 or /fail #channel ok.');
    const channel = findChannel(target);
    const name = bare(target);
    if (!channel) {
      // A channel deleted with 404 comes back (as a new channel, as on Discord) with ok.
      if (fault === 'ok' && deleted.has(name)) {
        discord.addChannel(seeded.id, { name: deleted.get(name)! });
        deleted.delete(name);
        return say(
          `#${name} is back, as a new channel: Discord never restores a deleted one, so small wins is off there until you run /smallwins enable channel:#${name} again.`,
        );
      }
      return say(`There is no channel #${excerpt(name)} here. The channels are ${channelList()}.`);
    }
    if (fault === '404') {
      deleted.set(channel.name.toLowerCase(), channel.name);
      discord.deleteChannel(channel.id);
      // The bot hears of it over the gateway; wait until it has let the channel go.
      await discord.waitFor(() => !app!.bot.daily.posts.subscription(channel.id)).catch(() => undefined);
      return say(
        `#${channel.name} is deleted: Discord answers 404 Unknown Channel there, and the bot drops its daily posts. /fail #${channel.name} ok brings the channel back.`,
      );
    }
    discord.setChannelFault(channel.id, fault === '403' ? 403 : null);
    return say(
      fault === '403'
        ? `Posting in #${channel.name} now answers 403 Missing Permissions.`
        : `Posting in #${channel.name} works again.`,
    );
  };
  const deleted = new Map<string, string>();

  const playgroundCommand = async (input: string): Promise<boolean> => {
    const [name, ...args] = input.slice(1).split(/\s+/);
    switch (name?.toLowerCase()) {
      case 'help':
        con.print(HELP);
        return true;
      case 'channels':
        return say(
          `Channels: ${channelList()} (you are in #${home.name}).\nRoles: ${roleList()}; @${ROLE} can be mentioned.\n` +
            `Type them by name, e.g. channel:#small-wins role:@${ROLE}`,
        );
      case 'clock': {
        const arg = args[0];
        if (!arg) return say(`The bot's clock: ${when(clock)}.`);
        const move = parseClockMove(arg, clock, timeZone);
        if (!move.ok) return say(move.error);
        await moveClock(move.target);
        return true;
      }
      case 'dm':
      case 'server':
        inDm = name.toLowerCase() === 'dm';
        con.setPrompt(inDm ? `DM with ${discord.application.name} › ` : `#${home.name} › `);
        return say(
          inDm
            ? `You are in your DM with ${discord.application.name}, which you installed to your account: /article, /reflect, /tips and /about work here, with the same history as in the server. /server goes back to #${home.name}.`
            : `You are in #${home.name} again.`,
        );
      case 'restart':
        await app?.stop();
        app = await launchApp(config, logger, timeOptions);
        return say('The bot restarted on the same database.');
      case 'fail':
        return await fail(args);
      default:
        return false;
    }
  };

  /** Resolves channel and role options typed by name, as Discord's picker would; or says what is there instead. */
  const resolveMentions = (options: Record<string, string | number | boolean>): string | undefined => {
    for (const [key, value] of Object.entries(options)) {
      if (typeof value !== 'string') continue;
      if (key === 'channel') {
        const channel = findChannel(value);
        if (!channel) return `There is no channel #${excerpt(bare(value))} here. The channels are ${channelList()}.`;
        options[key] = channel.id;
      }
      if (key === 'role') {
        const role = findRole(value);
        if (!role) return `There is no role @${excerpt(value.replace(/^@/, ''))} here. The roles are ${roleList()}.`;
        options[key] = role.id;
      }
    }
    return undefined;
  };

  const handle = async (line: string): Promise<boolean> => {
    const input = line.trim();
    if (!input) return true;
    if (/^\/(quit|exit)$/i.test(input)) return false;
    if (input.startsWith('/') && (await playgroundCommand(input))) return true;
    let outcome;
    if (/^\d+$/.test(input)) {
      const action = actions.find((a) => a.n === Number(input));
      if (!action) return say(`There is no [${excerpt(input)}] on screen.`);
      if (action.disabled) return say(`[${input}] ${action.label} is disabled.`);
      if (!discord.message(action.messageId))
        return say(`That message is gone, so [${input}] ${action.label} cannot be pressed.`);
      outcome =
        action.kind === 'button'
          ? await discord.clickButton({ messageId: action.messageId, customId: action.customId, userId: you.id })
          : await discord.selectMenu({
              messageId: action.messageId,
              customId: action.customId,
              values: [action.value!],
              userId: you.id,
            });
    } else if (input.startsWith('/')) {
      const parsed = parseCommandLine(input, discord.registeredCommands());
      if (!parsed.ok) return say(parsed.error);
      const contexts = discord.registeredCommands().find((c) => c.name === parsed.command.split(' ')[0])?.contexts;
      if (inDm && contexts && !contexts.includes(InteractionContextType.BotDM)) {
        return say(
          `Discord offers /${parsed.command.split(' ')[0]} in servers only, not in ${where()}. /server goes back to #${home.name}.`,
        );
      }
      const unknown = resolveMentions(parsed.options);
      if (unknown) return say(unknown);
      const place = inDm ? { channelId: dm.id } : { guildId: seeded.id, channelId: home.id };
      outcome = await discord.invoke({ ...place, userId: you.id, command: parsed.command, options: parsed.options });
    } else {
      return say('Type a slash command (try /help), or the number of a button or menu option.');
    }
    if (outcome.status === 'timeout') say('(the bot did not answer within 3 seconds)');
    // A deferred answer ("thinking…") is shown once the bot fills it in.
    if (outcome.response?.type === 5) await discord.waitFor(() => outcome.reply, 15_000).catch(() => undefined);
    const shown = [outcome.updated ?? outcome.reply, ...outcome.followUps].filter((m) => m !== undefined);
    if (shown.length) show(shown);
    return true;
  };

  await con.run(async (line) => {
    try {
      return await handle(line);
    } catch (error) {
      return say(`Playground error: ${withNames((error as Error).message)}`);
    }
  });
  say('Bye.');
  await shutdown(0);
}

await main();
