/**
 * The file /customize export writes and /customize import reads: a server's prompts,
 * questions, support note and /smallwins settings as one JSON document. Reading it is
 * pure: every bad entry is named, so a moderator can fix the file in one pass.
 */
import { z } from 'zod';
import { checkChannelSettings, type ChannelSettings, type EnableRequest } from '../daily/channel-settings.ts';
import { checkText, type TextKind } from './text-rules.ts';

/** What the file says it is; a later layout gets a new version. */
export const EXPORT_FORMAT = 'reconnect-server-content';
export const EXPORT_VERSION = 1;

/** The file as written and read. */
export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  prompts: Array<{ text: string }>;
  questions: Array<{ theme: string; text: string }>;
  /** The server's own support note; null when it uses the pack's. */
  supportNote: string | null;
  /** The /smallwins settings of each opted-in channel, as the server had them. */
  smallwins: Array<Record<string, unknown>>;
}

/** A problem with one entry of a file: where (`questions[2].theme`, `smallwins[1].zone`) and what. */
export interface BadEntry {
  at: string;
  problem:
    | 'required'
    | 'empty'
    | 'too-long'
    | 'unknown-theme'
    | 'wrong-type'
    | 'not-this-format'
    | 'bad-time'
    | 'bad-zone'
    | 'legacy-zone'
    | 'everyone-role'
    | 'bad-days'
    | 'unknown-setting'
    | 'same-channel'
    | 'not-postable'
    | 'missing-permissions';
  /**
   * For too-long: the most characters allowed. For unknown-theme, bad-time, bad-zone,
   * legacy-zone: what the file says. For same-channel: the entry that named it first.
   * For missing-permissions: what the bot lacks, by name.
   */
  detail?: string;
  /** For missing-permissions: the channel. */
  channelId?: string;
}

/** The settings of a channel in a file that a /smallwins enable there would take (days as ISO weekdays or as typed). */
const SMALLWINS_SETTINGS = ['channelId', 'time', 'zone', 'roleId', 'thread', 'days', 'pin'] as const;
/** Running state that older exports carried: never imported (the next pin starts afresh). */
const IGNORED_SETTINGS: ReadonlySet<string> = new Set(['pinnedMessageId']);
/** A Discord id: a snowflake's digits. */
const SNOWFLAKE = /^\d{1,20}$/;

/** What a file holds once read: the entries to import (texts as they will be kept), or every bad entry. */
export type ReadOutcome =
  | {
      ok: true;
      prompts: Array<{ text: string }>;
      questions: Array<{ theme: string; text: string }>;
      supportNote: string | null | undefined;
      /** Each channel's settings, checked as /smallwins enable checks them, for the importing server. */
      smallwins: ChannelSettings[];
    }
  | { ok: false; bad: BadEntry[] };

const shape = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  prompts: z.array(z.unknown()).optional(),
  questions: z.array(z.unknown()).optional(),
  supportNote: z.unknown().optional(),
  smallwins: z.array(z.unknown()).optional(),
});

/**
 * Reads a file's text for the server `guildId`. The layout (format, version, lists) is
 * checked with zod; then each entry is checked by the same rules as a text typed in
 * /customize, a question's theme must be one of `themeIds`, and a channel's /smallwins
 * settings meet the rules /smallwins enable applies (a setting this bot does not know is
 * a bad entry, so none is silently dropped). Which channels are the server's is not known
 * here: see DailyPosts.planImport.
 */
export function readExportFile(raw: string, themeIds: ReadonlySet<string>, guildId: string): ReadOutcome {
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, bad: [{ at: '(file)', problem: 'not-this-format' }] };
  }
  const parsed = shape.safeParse(json);
  if (!parsed.success) {
    const bad = parsed.error.issues.map((issue): BadEntry => ({
      at: issue.path.map(String).join('.') || '(file)',
      problem: 'not-this-format',
    }));
    return { ok: false, bad };
  }
  const file = parsed.data;
  const bad: BadEntry[] = [];
  const text = (kind: TextKind, value: unknown, at: string): string | undefined => {
    if (value === undefined || value === null) return void bad.push({ at, problem: 'required' });
    if (typeof value !== 'string') return void bad.push({ at, problem: 'wrong-type' });
    const checked = checkText(kind, value);
    if (checked.ok) return checked.text;
    bad.push(
      checked.problem === 'empty' ? { at, problem: 'empty' } : { at, problem: 'too-long', detail: String(checked.max) },
    );
    return undefined;
  };
  const entry = (value: unknown, at: string): Record<string, unknown> | undefined => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    bad.push({ at, problem: 'wrong-type' });
    return undefined;
  };
  const prompts: Array<{ text: string }> = [];
  (file.prompts ?? []).forEach((value, i) => {
    const item = entry(value, `prompts[${i + 1}]`);
    const checked = item && text('prompt', item.text, `prompts[${i + 1}].text`);
    if (checked !== undefined) prompts.push({ text: checked });
  });
  const questions: Array<{ theme: string; text: string }> = [];
  (file.questions ?? []).forEach((value, i) => {
    const at = `questions[${i + 1}]`;
    const item = entry(value, at);
    if (!item) return;
    let theme: string | undefined;
    if (typeof item.theme !== 'string')
      bad.push({ at: `${at}.theme`, problem: item.theme === undefined ? 'required' : 'wrong-type' });
    else if (!themeIds.has(item.theme))
      bad.push({ at: `${at}.theme`, problem: 'unknown-theme', detail: item.theme.slice(0, 40) });
    else theme = item.theme;
    const checked = text('question', item.text, `${at}.text`);
    if (theme !== undefined && checked !== undefined) questions.push({ theme, text: checked });
  });
  let supportNote: string | null | undefined;
  if (file.supportNote === null) supportNote = null;
  else if (file.supportNote !== undefined) supportNote = text('support', file.supportNote, 'supportNote');
  const smallwins: ChannelSettings[] = [];
  const firstNamed = new Map<string, string>();
  (file.smallwins ?? []).forEach((value, i) => {
    const at = `smallwins[${i + 1}]`;
    const item = entry(value, at);
    const settings = item && readSmallwins(item, at, guildId, bad);
    if (!settings) return;
    const first = firstNamed.get(settings.channelId);
    if (first) bad.push({ at: `${at}.channelId`, problem: 'same-channel', detail: first });
    else firstNamed.set(settings.channelId, at);
    smallwins.push(settings);
  });
  if (bad.length > 0) return { ok: false, bad };
  return { ok: true, prompts, questions, supportNote, smallwins };
}

/** One channel's settings in a file, checked; undefined (its problems in `bad`) when any is not right. */
function readSmallwins(
  item: Record<string, unknown>,
  at: string,
  guildId: string,
  bad: BadEntry[],
): ChannelSettings | undefined {
  const before = bad.length;
  for (const key of Object.keys(item)) {
    if (!(SMALLWINS_SETTINGS as readonly string[]).includes(key) && !IGNORED_SETTINGS.has(key))
      bad.push({ at: `${at}.${key.slice(0, 40)}`, problem: 'unknown-setting' });
  }
  const typed = <T>(key: string, ok: (v: unknown) => v is T, fallback?: T): T | undefined => {
    const value = item[key];
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (value === undefined || value === null) return void bad.push({ at: `${at}.${key}`, problem: 'required' });
    if (ok(value)) return value;
    return void bad.push({ at: `${at}.${key}`, problem: 'wrong-type' });
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isId = (v: unknown): v is string => typeof v === 'string' && SNOWFLAKE.test(v);
  const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
  const isDays = (v: unknown): v is string | number[] =>
    typeof v === 'string' || (Array.isArray(v) && v.every((d) => typeof d === 'number'));
  const channelId = typed('channelId', isId);
  const time = typed('time', isString);
  const zone = typed('zone', isString);
  // null stands for none: the fallback of an absent role.
  const roleId = item.roleId === undefined || item.roleId === null ? null : typed('roleId', isId);
  const thread = typed('thread', isBoolean, false);
  const days = item.days === undefined || item.days === null ? undefined : typed('days', isDays);
  const pin = typed('pin', isBoolean, false);
  if (bad.length > before || channelId === undefined || time === undefined || zone === undefined) return undefined;
  if (roleId === undefined || thread === undefined || pin === undefined) return undefined;
  const request: EnableRequest = {
    guildId,
    channelId,
    time,
    zone,
    roleId,
    thread,
    pin,
    ...(days !== undefined ? { days } : {}),
  };
  const checked = checkChannelSettings(request);
  if (checked.ok) return checked.settings;
  for (const problem of checked.problems) {
    const where = `${at}.${problem.setting}`;
    switch (problem.problem) {
      case 'bad-time':
        bad.push({ at: where, problem: 'bad-time', detail: time.slice(0, 20) });
        break;
      case 'bad-zone':
      case 'legacy-zone':
        bad.push({ at: where, problem: problem.problem, detail: zone.slice(0, 64) });
        break;
      case 'everyone-role':
      case 'bad-days':
        bad.push({ at: where, problem: problem.problem });
        break;
    }
  }
  return undefined;
}

/** The file's text, indented so a moderator can read and edit it. */
export function writeExportFile(content: Omit<ExportFile, 'format' | 'version'>): string {
  const file: ExportFile = { format: EXPORT_FORMAT, version: EXPORT_VERSION, ...content };
  return `${JSON.stringify(file, null, 2)}\n`;
}
