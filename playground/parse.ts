import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';

/** A fixed choice of an option, as registered with Discord. */
export interface CommandChoiceDefinition {
  readonly name: string;
  readonly value: string | number;
}

/**
 * One option of a registered command. Only the fields the parser needs, so both
 * `RESTPostAPIChatInputApplicationCommandsJSONBody` and `APIApplicationCommand`
 * (and a builder's `toJSON()`) fit without casts.
 */
export interface CommandOptionDefinition {
  /** An `ApplicationCommandOptionType` number. */
  readonly type: number;
  readonly name: string;
  readonly required?: boolean;
  readonly choices?: readonly CommandChoiceDefinition[];
  /** Subcommands of a group, or the options of a subcommand. */
  readonly options?: readonly CommandOptionDefinition[];
  readonly min_value?: number;
  readonly max_value?: number;
  readonly min_length?: number;
  readonly max_length?: number;
}

/** A registered command, as sent to or returned by Discord. */
export interface CommandDefinition {
  /** An `ApplicationCommandType`; anything but chat input (slash) is ignored. */
  readonly type?: number;
  readonly name: string;
  readonly options?: readonly CommandOptionDefinition[];
}

/**
 * The outcome of parsing a typed command: the command path (`"reflect"`,
 * `"smallwins enable"`) with its coerced options keyed by their registered names,
 * or an error message written for the person who typed the line.
 */
export type ParsedCommand =
  { ok: true; command: string; options: Record<string, string | number | boolean> } | { ok: false; error: string };

type OptionValue = string | number | boolean;
type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

const isSubcommand = (option: CommandOptionDefinition): boolean =>
  option.type === ApplicationCommandOptionType.Subcommand ||
  option.type === ApplicationCommandOptionType.SubcommandGroup;

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The most of a typed value an error repeats back: enough to recognise it, never a wall of text. */
const EXCERPT_LENGTH = 32;

/** A typed value as an error quotes it: whole when short, else its start and an ellipsis. */
export function excerpt(value: string): string {
  const chars = [...value];
  return chars.length <= EXCERPT_LENGTH ? value : `${chars.slice(0, EXCERPT_LENGTH - 1).join('')}…`;
}

/** Splits off the first whitespace-separated word. */
function takeWord(text: string): [string, string] {
  const match = /^\s*(\S*)([\s\S]*)$/.exec(text);
  return [match?.[1] ?? '', match?.[2] ?? ''];
}

function valueHint(option: CommandOptionDefinition): string {
  if (option.choices && option.choices.length > 0) return option.choices.map((c) => String(c.value)).join('|');
  switch (option.type) {
    case ApplicationCommandOptionType.Boolean:
      return 'true|false';
    case ApplicationCommandOptionType.Integer:
      return 'whole number';
    case ApplicationCommandOptionType.Number:
      return 'number';
    case ApplicationCommandOptionType.Channel:
      return 'channel';
    case ApplicationCommandOptionType.User:
      return 'user';
    case ApplicationCommandOptionType.Role:
      return 'role';
    case ApplicationCommandOptionType.Mentionable:
      return 'user or role';
    case ApplicationCommandOptionType.Attachment:
      return 'attachment';
    default:
      return 'text';
  }
}

/** `/smallwins enable channel:<channel> time:<text> [thread:<true|false>]`, for error messages. */
function usage(path: string, options: readonly CommandOptionDefinition[]): string {
  const parts = options.map((o) => {
    const part = `${o.name}:<${valueHint(o)}>`;
    return o.required ? part : `[${part}]`;
  });
  return [`/${path}`, ...parts].join(' ');
}

function optionList(path: string, options: readonly CommandOptionDefinition[]): string {
  return options.length === 0
    ? `/${path} takes no options.`
    : `Options of /${path}: ${options.map((o) => o.name).join(', ')}.`;
}

function describeChoices(choices: readonly CommandChoiceDefinition[]): string {
  return choices
    .map((c) => (sameName(String(c.value), c.name) ? String(c.value) : `${String(c.value)} (${c.name})`))
    .join(', ');
}

/** Discord-style mentions give the id; typed `#name` / `@name` lose their sigil so the loop can resolve them. */
function stripMention(raw: string, mention: RegExp): string {
  const match = mention.exec(raw);
  if (match?.[1]) return match[1];
  return raw.startsWith('#') || raw.startsWith('@') ? raw.slice(1) : raw;
}

function coerce(option: CommandOptionDefinition, raw: string): Result<OptionValue> {
  const name = option.name;
  if (option.choices && option.choices.length > 0) {
    // Discord lets people pick a choice by its shown name; the bot receives the value.
    const choice = option.choices.find((c) => sameName(String(c.value), raw) || sameName(c.name, raw));
    return choice
      ? { ok: true, value: choice.value }
      : fail(`"${excerpt(raw)}" is not a valid choice for ${name}. Choose one of: ${describeChoices(option.choices)}.`);
  }
  switch (option.type) {
    case ApplicationCommandOptionType.Boolean: {
      const word = raw.toLowerCase();
      if (word === 'true' || word === 'yes') return { ok: true, value: true };
      if (word === 'false' || word === 'no') return { ok: true, value: false };
      return fail(`${name} must be true or false (yes/no also work), not "${excerpt(raw)}".`);
    }
    case ApplicationCommandOptionType.Integer: {
      const value = Number(raw);
      if (!/^[-+]?\d+$/.test(raw) || !Number.isSafeInteger(value))
        return fail(`${name} must be a whole number, not "${excerpt(raw)}".`);
      return inRange(option, value);
    }
    case ApplicationCommandOptionType.Number: {
      const value = Number(raw);
      if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(raw) || !Number.isFinite(value)) {
        return fail(`${name} must be a number, not "${excerpt(raw)}".`);
      }
      return inRange(option, value);
    }
    case ApplicationCommandOptionType.Channel:
      return present(name, stripMention(raw, /^<#(\d+)>$/));
    case ApplicationCommandOptionType.User:
      return present(name, stripMention(raw, /^<@!?(\d+)>$/));
    case ApplicationCommandOptionType.Role:
      return present(name, stripMention(raw, /^<@&(\d+)>$/));
    case ApplicationCommandOptionType.Mentionable:
      return present(name, stripMention(raw, /^<@[!&]?(\d+)>$/));
    case ApplicationCommandOptionType.String: {
      if (option.min_length !== undefined && raw.length < option.min_length) {
        return fail(`${name} must be at least ${option.min_length} characters long.`);
      }
      if (option.max_length !== undefined && raw.length > option.max_length) {
        return fail(`${name} must be at most ${option.max_length} characters long.`);
      }
      return { ok: true, value: raw };
    }
    default:
      return { ok: true, value: raw };
  }
}

function inRange(option: CommandOptionDefinition, value: number): Result<OptionValue> {
  if (option.min_value !== undefined && value < option.min_value)
    return fail(`${option.name} must be at least ${option.min_value}.`);
  if (option.max_value !== undefined && value > option.max_value)
    return fail(`${option.name} must be at most ${option.max_value}.`);
  return { ok: true, value };
}

function present(name: string, value: string): Result<OptionValue> {
  return value === '' ? fail(`Missing a value after "${name}:".`) : { ok: true, value };
}

const OPTION_TOKEN = /^([^\s:"“”]+):/;
const CLOSING_QUOTE: Record<string, string> = { '"': '"', '“': '”' };

/**
 * Where an unquoted value ends: just before the next ` name:` whose name is an option
 * of this command, so values may contain spaces and even colons.
 */
function valueEnd(text: string, from: number, known: ReadonlyMap<string, CommandOptionDefinition>): number {
  const next = /\s+([^\s:"“”]+):/g;
  next.lastIndex = from;
  for (let match = next.exec(text); match; match = next.exec(text)) {
    if (known.has((match[1] ?? '').toLowerCase())) return match.index;
  }
  return text.length;
}

/** Reads a quoted value starting at the opening quote; `\"` stands for a quote inside it. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const close = CLOSING_QUOTE[text[start] ?? ''] ?? '"';
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && (text[i + 1] === close || text[i + 1] === '\\')) {
      value += text[i + 1];
      i++;
    } else if (ch === close) {
      return { value, end: i + 1 };
    } else {
      value += ch;
    }
  }
  return undefined;
}

function parseOptions(
  text: string,
  path: string,
  options: readonly CommandOptionDefinition[],
): Result<Record<string, OptionValue>> {
  const known = new Map(options.map((o) => [o.name.toLowerCase(), o]));
  const values: Record<string, OptionValue> = {};
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const token = OPTION_TOKEN.exec(text.slice(i));
    if (!token) {
      const [word] = takeWord(text.slice(i));
      return options.length === 0
        ? fail(`/${path} takes no options, but got "${excerpt(word)}".`)
        : fail(`Expected option:value but found "${excerpt(word)}". Usage: ${usage(path, options)}`);
    }
    const typed = token[1] ?? '';
    const option = known.get(typed.toLowerCase());
    if (!option) return fail(`Unknown option "${excerpt(typed)}" for /${path}. ${optionList(path, options)}`);
    if (Object.hasOwn(values, option.name)) return fail(`Option ${option.name} was given twice; give it once.`);
    i += token[0].length;

    let start = i;
    while (start < text.length && /[ \t]/.test(text[start] ?? '')) start++;
    let raw: string;
    if (CLOSING_QUOTE[text[start] ?? ''] !== undefined) {
      const quoted = readQuoted(text, start);
      if (!quoted) return fail(`The value of ${option.name} has an opening quote but no closing quote.`);
      if (quoted.end < text.length && !/\s/.test(text[quoted.end] ?? '')) {
        return fail(`Put a space after the closing quote of ${option.name}.`);
      }
      raw = quoted.value.trim();
      i = quoted.end;
    } else {
      const end = valueEnd(text, i, known);
      raw = text.slice(i, end).trim();
      i = end;
    }
    if (raw === '') return fail(`Missing a value after "${option.name}:". Usage: ${usage(path, options)}`);

    const coerced = coerce(option, raw);
    if (!coerced.ok) return coerced;
    values[option.name] = coerced.value;
  }

  const missing = options.filter((o) => o.required === true && !Object.hasOwn(values, o.name)).map((o) => o.name);
  if (missing.length > 0) {
    const label = missing.length === 1 ? 'option' : 'options';
    return fail(`Missing required ${label} ${missing.join(', ')}. Usage: ${usage(path, options)}`);
  }
  return { ok: true, value: values };
}

/**
 * Parses a line typed as in Discord's chat box, e.g.
 * `/article section:rebuilding trust share:true` or
 * `/smallwins enable channel:#general time:09:00`, against the registered commands.
 *
 * Option values run until the next `name:` of an option of that command, or are
 * quoted; names are case-insensitive; values are coerced by option type, and choices
 * may be given by value or name (the value is returned). Channel, user and role
 * options come back as typed, minus a leading `#`/`@`, for the caller to resolve.
 */
export function parseCommandLine(line: string, commands: readonly CommandDefinition[]): ParsedCommand {
  const slash = commands.filter((c) => c.type === undefined || c.type === ApplicationCommandType.ChatInput);
  const available = slash
    .map((c) => `/${c.name}`)
    .sort()
    .join(', ');
  const trimmed = line.trim();
  const [typed, afterName] = takeWord(trimmed.startsWith('/') ? trimmed.slice(1) : trimmed);
  if (typed === '') return fail(`Type a command, e.g. /${slash[0]?.name ?? 'help'}. Available commands: ${available}.`);
  const command = slash.find((c) => sameName(c.name, typed));
  if (!command) return fail(`Unknown command "/${excerpt(typed)}". Available commands: ${available}.`);

  const path = [command.name];
  let options = command.options ?? [];
  let rest = afterName;
  // A group holds subcommands and a subcommand holds plain options, so this runs at most twice.
  while (options.some(isSubcommand)) {
    const subcommands = options.filter(isSubcommand);
    const names = subcommands.map((s) => s.name).join(', ');
    const [word, after] = takeWord(rest);
    if (word === '' || OPTION_TOKEN.test(word)) return fail(`/${path.join(' ')} needs a subcommand: ${names}.`);
    const sub = subcommands.find((s) => sameName(s.name, word));
    if (!sub) return fail(`Unknown subcommand "${excerpt(word)}" for /${path.join(' ')}. Available: ${names}.`);
    path.push(sub.name);
    options = sub.options ?? [];
    rest = after;
  }

  const parsed = parseOptions(rest, path.join(' '), options);
  return parsed.ok ? { ok: true, command: path.join(' '), options: parsed.value } : parsed;
}
