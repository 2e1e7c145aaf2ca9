/**
 * The file /customize export writes and /customize import reads: a server's prompts,
 * questions, support note and /smallwins settings as one JSON document. Reading it is
 * pure: every bad entry is named, so a moderator can fix the file in one pass.
 */
import { z } from 'zod';
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

/** A problem with one entry of a file: where (`questions[2].theme`) and what. */
export interface BadEntry {
  at: string;
  problem: 'required' | 'empty' | 'too-long' | 'unknown-theme' | 'wrong-type' | 'not-this-format';
  /** For too-long: the most characters allowed. For unknown-theme: the theme named. */
  detail?: string;
}

/** What a file holds once read: the entries to import (texts as they will be kept), or every bad entry. */
export type ReadOutcome =
  | {
      ok: true;
      prompts: Array<{ text: string }>;
      questions: Array<{ theme: string; text: string }>;
      supportNote: string | null | undefined;
      smallwins: number;
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
 * Reads a file's text. The layout (format, version, lists) is checked with zod; then each
 * entry is checked by the same rules as a text typed in /customize, and a question's theme
 * must be one of `themeIds`.
 */
export function readExportFile(raw: string, themeIds: ReadonlySet<string>): ReadOutcome {
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
  (file.smallwins ?? []).forEach((value, i) => entry(value, `smallwins[${i + 1}]`));
  if (bad.length > 0) return { ok: false, bad };
  return { ok: true, prompts, questions, supportNote, smallwins: file.smallwins?.length ?? 0 };
}

/** The file's text, indented so a moderator can read and edit it. */
export function writeExportFile(content: Omit<ExportFile, 'format' | 'version'>): string {
  const file: ExportFile = { format: EXPORT_FORMAT, version: EXPORT_VERSION, ...content };
  return `${JSON.stringify(file, null, 2)}\n`;
}
