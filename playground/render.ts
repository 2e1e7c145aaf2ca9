import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIComponentInActionRow,
  APIComponentInContainer,
  APIEmbed,
  APIMessageTopLevelComponent,
  APISectionAccessoryComponent,
  APISelectMenuComponent,
} from 'discord-api-types/v10';
import { formatEmbedTimestamp, formatTimestamp, type Viewer } from './discord-time.ts';

export type { Viewer } from './discord-time.ts';

/**
 * A message as the bot sends it: the same JSON it would hand to Discord, so the
 * playground shows exactly what a Discord user would see.
 */
export interface RenderableMessage {
  content?: string | null;
  embeds?: readonly APIEmbed[];
  /** Raw component JSON; action rows, and also the newer layout components. */
  components?: readonly (APIMessageTopLevelComponent | APIActionRowComponent<APIComponentInActionRow>)[];
  flags?: number;
  ephemeral?: boolean;
}

/** Something the person can press or pick by typing its number. */
export interface Action {
  /** The number shown in brackets, e.g. `[3]`. Unique within one render. */
  n: number;
  kind: 'button' | 'select-option';
  /** The custom id of the button, or of the select menu the option belongs to. */
  customId: string;
  /** The text shown for the button or option. */
  label: string;
  /** The option's value; only for select options. */
  value?: string;
  /** Discord would refuse the click, so the loop should too. */
  disabled: boolean;
}

/** Options for {@link renderMessage}. */
export interface RenderOptions {
  /** Maximum line length, in string length. Default 72; values below 10 are raised to 10. */
  width?: number;
  /** Number given to the first button or option. Default 1; lets several messages on screen share one numbering. */
  firstActionNumber?: number;
  /** Use ANSI styles (bold, italic, dim, embed colours). Default false: plain text. */
  color?: boolean;
  /** Names of the server's channels, roles and users, so mentions read as Discord shows them. */
  names?: MentionNames;
  /** Who reads the message: timestamps are shown in their zone, relative to their clock. Default: now, in UTC. */
  viewer?: Viewer;
}

/**
 * Looks up what a mention shows. An id it does not know reads as Discord shows a deleted
 * or unknown one, never as the id.
 */
export interface MentionNames {
  channel?(id: string): string | undefined;
  role?(id: string): string | undefined;
  user?(id: string): string | undefined;
}

/** What a render needs to know beyond the message. */
interface View {
  names: MentionNames;
  viewer: Viewer;
}

const DEFAULT_WIDTH = 72;
// Below this a frame plus a bullet indent leaves no room for text at all.
const MIN_WIDTH = 10;
const MIN_INNER_WIDTH = MIN_WIDTH - 4;
const EPHEMERAL_FLAG = 64;
const EPHEMERAL_NOTE = '(only you can see this)';

/*
 * Styles travel through wrapping as private-use marker characters rather than ANSI
 * escapes: the wrapper can then ignore them when measuring, and a style that spans a
 * line break can be closed before the frame border and reopened on the next line.
 */
type StyleName = 'bold' | 'dim' | 'italic' | 'underline' | 'strike' | 'code';
interface Style {
  name: StyleName;
  on: string;
  off: string;
  sgr: string;
}
const STYLES: readonly Style[] = [
  { name: 'bold', on: '\uE000', off: '\uE001', sgr: '1' },
  { name: 'dim', on: '\uE002', off: '\uE003', sgr: '2' },
  { name: 'italic', on: '\uE004', off: '\uE005', sgr: '3' },
  { name: 'underline', on: '\uE006', off: '\uE007', sgr: '4' },
  { name: 'strike', on: '\uE008', off: '\uE009', sgr: '9' },
  { name: 'code', on: '\uE00A', off: '\uE00B', sgr: '36' },
];
const MARKERS = /[\uE000-\uE00B]/g;
const MARKER_STYLE = new Map<string, { style: Style; delta: 1 | -1 }>(
  STYLES.flatMap((s) => [
    [s.on, { style: s, delta: 1 as const }],
    [s.off, { style: s, delta: -1 as const }],
  ]),
);
// Escaped markdown characters hide in this range until formatting is done.
const ESCAPE_BASE = 0xe800;
const ESCAPED = /[\uE800-\uE87F]/g;
// eslint-disable-next-line no-control-regex -- ANSI colour codes are what it matches
const ANSI = /\x1b\[[0-9;]*m/g;
const RESET = '\x1b[0m';

function styled(name: StyleName, text: string): string {
  const style = STYLES.find((s) => s.name === name);
  return style ? style.on + text + style.off : text;
}

/** Length as the terminal will show it: markers and ANSI escapes take no room. */
function visibleLength(text: string): number {
  return text.replace(MARKERS, '').replace(ANSI, '').length;
}

/**
 * Turns markers into ANSI (or drops them), carrying open styles across lines and
 * closing them at each line end so frame borders never inherit a style.
 */
function finish(lines: readonly string[], color: boolean): string[] {
  if (!color) return lines.map((line) => line.replace(MARKERS, ''));
  const depth = new Map<StyleName, number>();
  const active = (): string => {
    const codes = STYLES.filter((s) => (depth.get(s.name) ?? 0) > 0).map((s) => s.sgr);
    return codes.length > 0 ? `\x1b[${codes.join(';')}m` : '';
  };
  return lines.map((line) => {
    let out = active();
    let touched = out !== '';
    for (const ch of line) {
      const marker = MARKER_STYLE.get(ch);
      if (!marker) {
        out += ch;
        continue;
      }
      depth.set(marker.style.name, Math.max(0, (depth.get(marker.style.name) ?? 0) + marker.delta));
      // A full reset then re-applying is the only way to end one style without
      // ending another that shares its SGR off-code (bold and dim both use 22).
      out += RESET + active();
      touched = true;
    }
    return touched ? out + RESET : out;
  });
}

/** Removes what would break measuring or the terminal: control characters, stray markers, zero-width spaces. */
function sanitize(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '    ')
      // eslint-disable-next-line no-control-regex -- control characters are what it removes
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F\u200B\uE000-\uE0FF\uE800-\uE87F]/g, '')
  );
}

/** Takes the first `room` visible characters of `word`, never splitting a surrogate pair. */
function splitVisible(word: string, room: number): [string, string] {
  let head = '';
  let count = 0;
  let index = 0;
  for (const ch of word) {
    if (!MARKER_STYLE.has(ch)) {
      if (count + ch.length > room) break;
      count += ch.length;
    }
    head += ch;
    index += ch.length;
  }
  return [head, word.slice(index)];
}

function fitPrefix(prefix: string, width: number): string {
  return prefix.length < width ? prefix : prefix.slice(0, Math.max(0, width - 1));
}

/**
 * Greedy word wrap. Words are only cut when a single word is longer than the line;
 * `restPrefix` gives lists and options their hanging indent.
 */
function wrap(text: string, width: number, firstPrefix = '', restPrefix = firstPrefix): string[] {
  const words = text.split(/ +/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = fitPrefix(firstPrefix, width);
  let length = line.length;
  let hasWord = false;
  const push = (): void => {
    lines.push(line.trimEnd());
    line = fitPrefix(restPrefix, width);
    length = line.length;
    hasWord = false;
  };
  for (const original of words) {
    let word = original;
    let wordLength = visibleLength(word);
    if (hasWord && length + 1 + wordLength <= width) {
      line += ' ' + word;
      length += 1 + wordLength;
      continue;
    }
    if (hasWord) push();
    while (length + wordLength > width) {
      const [head, tail] = splitVisible(word, width - length);
      if (visibleLength(head) === 0) {
        // Only a surrogate pair squeezed by an indent gets here: give it the indent's room.
        if (length === 0) break;
        line = '';
        length = 0;
        continue;
      }
      line += head;
      push();
      word = tail;
      wordLength = visibleLength(word);
    }
    line += word;
    length += wordLength;
    hasWord = true;
  }
  if (hasWord || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/** Cuts text into pieces of at most `width` characters, for code where words mean nothing. */
function hardWrap(text: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of text) {
    if (piece !== '' && piece.length + ch.length > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  pieces.push(piece);
  return pieces;
}

/** Applies Discord's inline markdown to one line of text (markers instead of ANSI). */
function inline(source: string, view: View): string {
  const escaped = source.replace(/\\([\\*_~|`<>#\-[\]():.@!])/g, (_m, ch: string) =>
    String.fromCharCode(ESCAPE_BASE + ch.charCodeAt(0)),
  );
  // Code spans are cut out first: nothing inside them is markdown.
  const code = /```([\s\S]+?)```|``([\s\S]+?)``|`([^`]+)`/g;
  let out = '';
  let last = 0;
  for (const match of escaped.matchAll(code)) {
    out += formatSpan(escaped.slice(last, match.index), view);
    out += styled('code', match[1] ?? match[2] ?? match[3] ?? '');
    last = match.index + match[0].length;
  }
  out += formatSpan(escaped.slice(last), view);
  return out.replace(ESCAPED, (c) => String.fromCharCode(c.charCodeAt(0) - ESCAPE_BASE));
}

/** `@name`, unless the name carries its own sigil (the @everyone role). */
const at = (name: string): string => (name.startsWith('@') ? name : `@${name}`);

function formatSpan(text: string, view: View): string {
  const { names, viewer } = view;
  return (
    text
      .replace(
        /<t:(-?\d{1,13})(?::([tTdDfFsSR]))?>/g,
        (m, seconds: string, style: string | undefined) => formatTimestamp(Number(seconds) * 1000, style, viewer) ?? m,
      )
      .replace(/<@!?(\d+)>/g, (_m, id: string) => at(names.user?.(id) ?? 'unknown-user'))
      .replace(/<@&(\d+)>/g, (_m, id: string) => at(names.role?.(id) ?? 'deleted-role'))
      .replace(/<#(\d+)>/g, (_m, id: string) => `#${names.channel?.(id) ?? 'unknown-channel'}`)
      .replace(/<\/([^:>]+):\d+>/g, '/$1')
      .replace(/<a?:(\w+):\d+>/g, ':$1:')
      .replace(/\[([^\]]+)\]\(<?(https?:\/\/[^)\s>]+)>?\)/g, '$1 ($2)')
      .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
      .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, (_m, x: string) => styled('bold', x))
      .replace(/__(?=\S)([\s\S]*?\S)__/g, (_m, x: string) => styled('underline', x))
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, (_m, x: string) => styled('strike', x))
      // Spoilers are shown: the person testing the bot wants to read everything.
      .replace(/\|\|([\s\S]+?)\|\|/g, '$1')
      .replace(/\*(?=\S)([\s\S]*?\S)\*/g, (_m, x: string) => styled('italic', x))
      // Underscore italics only at word edges, so snake_case names survive.
      .replace(
        /(^|[^\p{L}\p{N}_])_(?=\S)([\s\S]*?\S)_(?![\p{L}\p{N}_])/gu,
        (_m, before: string, x: string) => before + styled('italic', x),
      )
  );
}

/**
 * Renders Discord's block markdown: one output paragraph per source line (Discord
 * keeps single line breaks), blank lines collapsed to one, lists with hanging indents.
 */
function renderMarkdown(source: string, width: number, view: View): string[] {
  const out: string[] = [];
  let inCode = false;
  let quoteRest = false;
  for (const raw of sanitize(source).split('\n')) {
    if (/^\s*```/.test(raw) && !/^\s*```.*```\s*$/.test(raw)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      for (const piece of hardWrap(raw, Math.max(1, width - 2))) out.push('  ' + styled('code', piece));
      continue;
    }
    const blockQuote = /^>>>\s?(.*)$/.exec(raw);
    if (blockQuote) quoteRest = true;
    const text = blockQuote ? (blockQuote[1] ?? '') : raw;
    const lineQuote = quoteRest ? null : /^>\s(.*)$/.exec(text);
    if (quoteRest || lineQuote) {
      out.push(...renderLine(lineQuote ? (lineQuote[1] ?? '') : text, width, '▎ ', view));
    } else if (text.trim() === '') {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
    } else {
      out.push(...renderLine(text, width, '', view));
    }
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function renderLine(text: string, width: number, prefix: string, view: View): string[] {
  const heading = /^(#{1,3})\s+(.*)$/.exec(text);
  if (heading) {
    const lines = wrap(styled('bold', inline(heading[2] ?? '', view)), width, prefix);
    const underline = heading[1] === '#' ? '═' : '─';
    const length = Math.max(...lines.map((l) => visibleLength(l) - prefix.length));
    return [...lines, prefix + underline.repeat(Math.max(1, length))];
  }
  const subtext = /^-#\s+(.*)$/.exec(text);
  if (subtext) return wrap(styled('dim', inline(subtext[1] ?? '', view)), width, prefix);
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(text);
  if (bullet) {
    const indent = '  '.repeat(Math.min(3, Math.floor((bullet[1] ?? '').length / 2)));
    const marker = indent === '' ? '• ' : '◦ ';
    return wrap(inline(bullet[2] ?? '', view), width, prefix + indent + marker, prefix + indent + '  ');
  }
  const numbered = /^(\s*)(\d{1,9}[.)])\s+(.*)$/.exec(text);
  if (numbered) {
    const indent = '  '.repeat(Math.min(3, Math.floor((numbered[1] ?? '').length / 2)));
    const marker = `${numbered[2] ?? ''} `;
    return wrap(
      inline(numbered[3] ?? '', view),
      width,
      prefix + indent + marker,
      prefix + indent + ' '.repeat(marker.length),
    );
  }
  return wrap(inline(text.trim(), view), width, prefix);
}

/** Draws a box of exactly `width` columns around already-finished lines. */
function frame(
  body: readonly string[],
  footer: readonly string[],
  width: number,
  rgb: number | null | undefined,
  color: boolean,
): string[] {
  const inner = width - 4;
  const paint = (s: string): string =>
    color && typeof rgb === 'number'
      ? `\x1b[38;2;${(rgb >> 16) & 255};${(rgb >> 8) & 255};${rgb & 255}m${s}${RESET}`
      : s;
  const row = (line: string): string =>
    `${paint('│')} ${line}${' '.repeat(Math.max(0, inner - visibleLength(line)))} ${paint('│')}`;
  const lines = [paint(`┌${'─'.repeat(width - 2)}┐`), ...body.map(row)];
  if (footer.length > 0) lines.push(paint(`├${'─'.repeat(width - 2)}┤`), ...footer.map(row));
  lines.push(paint(`└${'─'.repeat(width - 2)}┘`));
  return lines;
}

function joinGroups(groups: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const group of groups) {
    if (group.length === 0) continue;
    if (out.length > 0) out.push('');
    out.push(...group);
  }
  return out;
}

function renderEmbed(embed: APIEmbed, width: number, color: boolean, view: View): string[] {
  const inner = width - 4;
  const head: string[] = [];
  if (embed.author?.name) head.push(...wrap(styled('dim', inline(sanitize(embed.author.name), view)), inner));
  if (embed.title) {
    const title = wrap(styled('bold', inline(sanitize(embed.title), view)), inner);
    const length = Math.max(...title.map(visibleLength));
    head.push(...title, '═'.repeat(Math.max(1, length)));
  }
  if (embed.url) head.push(...wrap(styled('dim', embed.url), inner));

  const groups: string[][] = [head];
  if (embed.description) groups.push(renderMarkdown(embed.description, inner, view));
  for (const field of embed.fields ?? []) {
    const name = sanitize(field.name).trim();
    const nameLines = name === '' ? [] : wrap(styled('bold', inline(name, view)), inner);
    groups.push([...nameLines, ...renderMarkdown(field.value, inner, view)]);
  }
  const media: string[] = [];
  if (embed.thumbnail?.url) media.push(...wrap(`[thumbnail] ${embed.thumbnail.url}`, inner, '', '  '));
  if (embed.image?.url) media.push(...wrap(`[image] ${embed.image.url}`, inner, '', '  '));
  groups.push(media);

  const footerParts: string[] = [];
  if (embed.footer?.text) footerParts.push(inline(sanitize(embed.footer.text), view));
  const when = embed.timestamp ? formatEmbedTimestamp(Date.parse(embed.timestamp), view.viewer) : undefined;
  if (when) footerParts.push(when);
  const footer = footerParts.length > 0 ? wrap(styled('dim', footerParts.join(' · ')), inner) : [];

  return frame(finish(joinGroups(groups), color), finish(footer, color), width, embed.color, color);
}

interface Numbering {
  next: number;
  actions: Action[];
}

type AnyComponent =
  | APIMessageTopLevelComponent
  | APIComponentInContainer
  | APIComponentInActionRow
  | APISectionAccessoryComponent
  | APIActionRowComponent<APIComponentInActionRow>;

function buttonLabel(button: APIButtonComponent): string {
  if (button.style === ButtonStyle.Premium) return 'Premium offer';
  const emoji = button.emoji?.name ? (button.emoji.id ? `:${button.emoji.name}:` : button.emoji.name) : '';
  const label = sanitize([emoji, button.label ?? ''].filter((s) => s !== '').join(' ')).trim();
  return label === '' ? '(no label)' : label;
}

/** One button as shown in a row; numbers it (and records the action) unless it is a link. */
function buttonItem(button: APIButtonComponent, numbering: Numbering): string {
  const label = buttonLabel(button);
  if (button.style === ButtonStyle.Link) return `↗ ${label} (${button.url})`;
  if (button.style === ButtonStyle.Premium) return `[premium] ${button.sku_id}`;
  const disabled = button.disabled === true;
  const n = numbering.next++;
  numbering.actions.push({ n, kind: 'button', customId: button.custom_id, label, disabled });
  const item = `${styled('bold', `[${n}]`)} ${label}`;
  return disabled ? styled('dim', `${item} (disabled)`) : item;
}

/** Lays buttons out side by side like Discord, moving to a new line only when the next one would not fit. */
function layoutItems(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const length = visibleLength(item);
    if (line !== '' && visibleLength(line) + 2 + length <= width) {
      line += '  ' + item;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    if (length <= width) line = item;
    else lines.push(...wrap(item, width, '', '    '));
  }
  if (line !== '') lines.push(line);
  return lines;
}

function renderSelect(menu: APISelectMenuComponent, width: number, numbering: Numbering): string[] {
  const disabled = menu.disabled === true;
  const notes: string[] = [];
  if (disabled) notes.push('(disabled)');
  if ((menu.max_values ?? 1) > 1) notes.push(`(choose up to ${menu.max_values})`);
  if (menu.type !== ComponentType.StringSelect) {
    const kind = {
      [ComponentType.UserSelect]: 'user',
      [ComponentType.RoleSelect]: 'role',
      [ComponentType.MentionableSelect]: 'user or role',
      [ComponentType.ChannelSelect]: 'channel',
    }[menu.type];
    notes.push(`(a ${kind} picker; not available in the playground)`);
  }
  const placeholder = sanitize(menu.placeholder ?? '').trim() || 'Choose an option';
  const lines = wrap([`▾ ${placeholder}`, ...notes].join(' '), width, '', '  ');
  if (menu.type !== ComponentType.StringSelect) return lines;
  for (const option of menu.options) {
    const n = numbering.next++;
    const label = sanitize(option.label).trim();
    numbering.actions.push({
      n,
      kind: 'select-option',
      customId: menu.custom_id,
      label,
      value: option.value,
      disabled,
    });
    const description = option.description ? ` — ${sanitize(option.description).trim()}` : '';
    const selected = option.default ? ' (selected)' : '';
    const prefix = `  [${n}] `;
    lines.push(...wrap(`${label}${description}${selected}`, width, prefix, ' '.repeat(prefix.length)));
  }
  return lines;
}

function renderComponents(
  components: readonly AnyComponent[],
  width: number,
  numbering: Numbering,
  color: boolean,
  view: View,
): string[] {
  const out: string[] = [];
  for (const component of components) out.push(...renderComponent(component, width, numbering, color, view));
  return out;
}

function renderComponent(
  component: AnyComponent,
  width: number,
  numbering: Numbering,
  color: boolean,
  view: View,
): string[] {
  switch (component.type) {
    case ComponentType.ActionRow: {
      const out: string[] = [];
      let buttons: string[] = [];
      const flush = (): void => {
        out.push(...finish(layoutItems(buttons, width), color));
        buttons = [];
      };
      for (const child of component.components) {
        if (child.type === ComponentType.Button) buttons.push(buttonItem(child, numbering));
        else {
          flush();
          out.push(...renderComponent(child, width, numbering, color, view));
        }
      }
      flush();
      return out;
    }
    case ComponentType.Button:
      return finish(layoutItems([buttonItem(component, numbering)], width), color);
    case ComponentType.StringSelect:
    case ComponentType.UserSelect:
    case ComponentType.RoleSelect:
    case ComponentType.MentionableSelect:
    case ComponentType.ChannelSelect:
      return finish(renderSelect(component, width, numbering), color);
    case ComponentType.TextDisplay:
      return finish(renderMarkdown(component.content, width, view), color);
    case ComponentType.Section:
      return [
        ...renderComponents(component.components, width, numbering, color, view),
        ...renderComponent(component.accessory, width, numbering, color, view),
      ];
    case ComponentType.Thumbnail:
      return finish(wrap(`[thumbnail] ${component.media.url}`, width, '', '  '), color);
    case ComponentType.MediaGallery:
      return finish(
        component.items.flatMap((item) => wrap(`[image] ${item.media.url}`, width, '', '  ')),
        color,
      );
    case ComponentType.File:
      return finish(wrap(`[file] ${component.file.url}`, width, '', '  '), color);
    case ComponentType.Separator:
      return [component.divider === false ? '' : '─'.repeat(width)];
    case ComponentType.Container:
      // Deeply nested containers would leave no room for text; past that point they lose their frame.
      return width - 4 < MIN_INNER_WIDTH
        ? renderComponents(component.components, width, numbering, color, view)
        : frame(
            renderComponents(component.components, width - 4, numbering, color, view),
            [],
            width,
            component.accent_color,
            color,
          );
    default: {
      // Modal-only parts (text inputs, labels…) never appear in a message; show that something was there.
      const type: number = (component as { type: number }).type;
      return wrap(`[component of type ${type}]`, width);
    }
  }
}

/**
 * Renders a bot message as terminal text, numbering every button and select option
 * so the person can press one by typing its number.
 *
 * @returns `text`, whose lines never exceed the width (ANSI escapes aside), and
 * `actions`, one per number shown, in order.
 */
export function renderMessage(msg: RenderableMessage, opts: RenderOptions = {}): { text: string; actions: Action[] } {
  const width = Math.max(MIN_WIDTH, Math.floor(opts.width ?? DEFAULT_WIDTH));
  const color = opts.color ?? false;
  const numbering: Numbering = { next: opts.firstActionNumber ?? 1, actions: [] };
  const view: View = { names: opts.names ?? {}, viewer: opts.viewer ?? { now: Date.now(), timeZone: 'UTC' } };

  const head: string[] = [];
  if (msg.ephemeral === true || ((msg.flags ?? 0) & EPHEMERAL_FLAG) !== 0) {
    head.push(...wrap(styled('dim', EPHEMERAL_NOTE), width));
  }
  if (msg.content) head.push(...renderMarkdown(msg.content, width, view));

  const blocks: string[][] = [finish(head, color)];
  for (const embed of msg.embeds ?? []) blocks.push(renderEmbed(embed, width, color, view));
  blocks.push(renderComponents(msg.components ?? [], width, numbering, color, view));

  const text = blocks
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'))
    .join('\n\n');
  return { text: text === '' ? '(empty message)' : text, actions: numbering.actions };
}

/**
 * Word-wraps the playground's own text (an error, a hint) to the width, keeping its line
 * breaks; continuation lines get `indent`. A word is cut only when longer than a line.
 */
export function wrapText(text: string, width: number, indent = ''): string {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  return sanitize(text)
    .split('\n')
    .flatMap((line) => wrap(line, w, '', indent))
    .join('\n');
}
