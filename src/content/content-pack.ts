/**
 * src/content/: the content pack (content/ at the top of the repository) as the bot uses
 * it. This file loads and validates the pack; beside it: the bot's wording (strings.ts,
 * checked against the keys the code uses in string-keys.ts), finding a section or a tip
 * from what a member typed (section-search.ts, tip-search.ts on title-match.ts),
 * drawing reflection questions (question-draw.ts) and reading YAML (yaml.ts). Pure, apart
 * from reading the pack's files.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { z } from 'zod';
import { loadStrings, type Strings } from './strings.ts';
import { parseYaml } from './yaml.ts';

/**
 * The package's root: the nearest folder above this file with a package.json. The same
 * from src/ under tsx and from dist/src/ after `npm run build`, so the compiled bot reads
 * the one content/ folder rather than a copy under dist/.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/** The content pack shipped with the bot; its strings.yaml holds every text the bot says. */
export const SHIPPED_CONTENT_DIR = join(packageRoot(), 'content');

/** One section of the article, in reading order. */
export interface Section {
  id: string;
  title: string;
  order: number;
  summary: string;
  body: string;
  /** For a heavier section: what it touches on, shown in a content note first to members who keep notes on. */
  note?: string;
}
export interface Theme {
  id: string;
  name: string;
  description: string;
}
export interface Question {
  id: string;
  theme: string;
  text: string;
  /** For a heavier question: what it touches on, shown in a content note first to members who keep notes on. */
  note?: string;
}
export type PromptKind = 'reflect' | 'share' | 'challenge';
export interface Prompt {
  id: string;
  kind: PromptKind;
  text: string;
}
export interface Tip {
  id: string;
  title: string;
  short: string;
  long: string;
}
export interface SupportNote {
  title: string;
  body: string;
}

/** The whole content pack, validated. */
export interface ContentPack {
  sections: Section[];
  themes: Theme[];
  questions: Question[];
  prompts: Prompt[];
  tips: Tip[];
  support: SupportNote;
  /** Every other word the bot says (content/strings.yaml). */
  strings: Strings;
}

/**
 * Limits that keep every text displayable: titles and summaries become select-menu
 * labels and descriptions and command choices (Discord's limits), bodies become embed
 * descriptions (4,096, kept lower so a footer and title fit in the 6,000 total with
 * room to spare).
 */
export const CONTENT_LIMITS = {
  id: 40,
  label: Math.min(DISCORD_LIMITS.selectOptionText, DISCORD_LIMITS.choiceName),
  summary: DISCORD_LIMITS.selectOptionText,
  sectionBody: 3800,
  themeDescription: 200,
  question: 300,
  prompt: 400,
  tipShort: 200,
  tipLong: 1500,
  supportBody: 1500,
  /** A content note's subject ("grief and loss"), read before the text it warns of. */
  contentNote: 100,
  /** Themes and tips are offered as choices, sections in a select menu. */
  maxListed: Math.min(DISCORD_LIMITS.choices, DISCORD_LIMITS.selectOptions),
} as const;
const LIMITS = CONTENT_LIMITS;

const id = z
  .string({ error: 'is required' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case (a-z, 0-9, -)')
  .max(LIMITS.id, `must be at most ${LIMITS.id} characters`);
const text = (max: number) =>
  z
    .string({ error: 'is required' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

const sectionFront = z.object({
  id,
  title: text(LIMITS.label),
  order: z.number({ error: 'is required (a whole number)' }).int('must be a whole number').min(1, 'must be 1 or more'),
  summary: text(LIMITS.summary),
  note: text(LIMITS.contentNote).optional(),
});
const themesFile = z.object({
  themes: z
    .array(z.object({ id, name: text(LIMITS.label), description: text(LIMITS.themeDescription) }))
    .min(1, 'must list at least one theme')
    .max(LIMITS.maxListed, `must list at most ${LIMITS.maxListed} themes (Discord's limit on choices)`),
});
const questionsFile = z.object({
  questions: z.array(z.object({ id, theme: id, text: text(LIMITS.question), note: text(LIMITS.contentNote).optional() })).min(1, 'must list at least one question'),
});
const promptsFile = z.object({
  prompts: z
    .array(z.object({ id, kind: z.enum(['reflect', 'share', 'challenge']), text: text(LIMITS.prompt) }))
    .min(1, 'must list at least one prompt'),
});
const tipsFile = z.object({
  tips: z
    .array(z.object({ id, title: text(LIMITS.label), short: text(LIMITS.tipShort), long: text(LIMITS.tipLong) }))
    .min(1, 'must list at least one tip')
    .max(LIMITS.maxListed, `must list at most ${LIMITS.maxListed} tips (Discord's limit on choices)`),
});
const supportFront = z.object({ title: text(LIMITS.label) });

/** A content pack that cannot be used; each problem names the file and the field. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(readonly problems: string[]) {
    super(`The content pack has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads and validates the content pack in `dir` (see README, "Content authoring").
 * Collects every problem before throwing, so an author can fix them in one pass.
 */
export function loadContent(dir: string): ContentPack {
  const problems: string[] = [];
  const rel = (file: string) => relative(dir, file) || file;

  function check<T>(schema: z.ZodType<T>, value: unknown, file: string, at = ''): T | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const path = [at, ...issue.path.map(String)].filter(Boolean).join('.');
      problems.push(`${rel(file)}: ${path || '(file)'} ${issue.message}`);
    }
    return undefined;
  }
  function readText(file: string): string | undefined {
    if (!existsSync(file)) {
      problems.push(`${rel(file)}: file is missing`);
      return undefined;
    }
    return readFileSync(file, 'utf8');
  }
  function readYaml(name: string): { file: string; data: unknown } {
    const file = join(dir, name);
    const raw = readText(file);
    if (raw === undefined) return { file, data: undefined };
    try {
      return { file, data: parseYaml(raw) };
    } catch (error) {
      problems.push(`${rel(file)}: is not valid YAML (${(error as Error).message.split('\n')[0]})`);
      return { file, data: undefined };
    }
  }
  function readMarkdown(file: string): { data: unknown; body: string } | undefined {
    const raw = readText(file);
    if (raw === undefined) return undefined;
    // Front matter: YAML between a `---` line at the very top and the next `---` line.
    const front = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(raw);
    try {
      return { data: front ? (parseYaml(front[1] ?? '') ?? {}) : {}, body: (front ? raw.slice(front[0].length) : raw).trim() };
    } catch (error) {
      problems.push(`${rel(file)}: front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`);
      return undefined;
    }
  }
  function unique<T extends { id: string }>(items: T[], file: string, what: string) {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) problems.push(`${rel(file)}: ${what}.${i}.id "${item.id}" is used twice`);
      seen.add(item.id);
    });
  }

  // Sections: one Markdown file each in sections/, ordered by their `order` field.
  const sectionsDir = join(dir, 'sections');
  const sections: Section[] = [];
  if (!existsSync(sectionsDir)) problems.push(`sections/: folder is missing`);
  else {
    const files = readdirSync(sectionsDir).filter((f) => f.endsWith('.md')).sort();
    if (files.length === 0) problems.push(`sections/: holds no .md file`);
    if (files.length > LIMITS.maxListed) problems.push(`sections/: at most ${LIMITS.maxListed} sections fit a select menu`);
    for (const name of files) {
      const file = join(sectionsDir, name);
      const md = readMarkdown(file);
      if (!md) continue;
      const front = check(sectionFront, md.data, file);
      const body = check(text(LIMITS.sectionBody), md.body, file, 'body');
      if (front && body !== undefined) sections.push({ ...front, body });
    }
    sections.sort((a, b) => a.order - b.order);
    // Orders are only comparable once every section file has been read.
    if (sections.length === files.length) {
      sections.forEach((s, i) => {
        if (s.order !== i + 1) {
          problems.push(`sections/: order must run 1, 2, 3… without gaps or repeats (found ${s.order} for "${s.id}")`);
        }
      });
    }
    unique(sections, sectionsDir, 'sections');
  }

  const themesYaml = readYaml('themes.yaml');
  const themes = check(themesFile, themesYaml.data, themesYaml.file)?.themes ?? [];
  unique(themes, themesYaml.file, 'themes');

  const questionsYaml = readYaml('questions.yaml');
  const questions = check(questionsFile, questionsYaml.data, questionsYaml.file)?.questions ?? [];
  unique(questions, questionsYaml.file, 'questions');
  const themeIds = new Set(themes.map((t) => t.id));
  questions.forEach((q, i) => {
    if (themes.length && !themeIds.has(q.theme))
      problems.push(`${rel(questionsYaml.file)}: questions.${i}.theme "${q.theme}" is not a theme in themes.yaml`);
  });
  for (const theme of themes) {
    if (questions.length && !questions.some((q) => q.theme === theme.id))
      problems.push(`${rel(questionsYaml.file)}: theme "${theme.id}" has no question (each theme needs at least one)`);
  }

  const promptsYaml = readYaml('prompts.yaml');
  const prompts = check(promptsFile, promptsYaml.data, promptsYaml.file)?.prompts ?? [];
  unique(prompts, promptsYaml.file, 'prompts');

  const tipsYaml = readYaml('tips.yaml');
  const tips = check(tipsFile, tipsYaml.data, tipsYaml.file)?.tips ?? [];
  unique(tips, tipsYaml.file, 'tips');

  const supportPath = join(dir, 'support.md');
  const supportMd = readMarkdown(supportPath);
  let support: SupportNote | undefined;
  if (supportMd) {
    const front = check(supportFront, supportMd.data, supportPath);
    const body = check(text(LIMITS.supportBody), supportMd.body, supportPath, 'body');
    if (front && body !== undefined) support = { title: front.title, body };
  }

  // The shipped wording, with the texts this pack's own strings.yaml changes, if it has one.
  const shippedStrings = join(SHIPPED_CONTENT_DIR, 'strings.yaml');
  const ownStrings = join(dir, 'strings.yaml');
  const isShipped = samePath(ownStrings, shippedStrings);
  const strings = loadStrings(
    { file: shippedStrings, label: isShipped ? rel(ownStrings) : shippedStrings },
    isShipped ? undefined : { file: ownStrings, label: rel(ownStrings) },
    problems,
  );

  if (problems.length || !support || !strings) throw new ContentError(problems);
  return { sections, themes, questions, prompts, tips, support, strings };
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}
