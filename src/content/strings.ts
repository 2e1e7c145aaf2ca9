/**
 * The bot's wording: content/strings.yaml, read and validated against the keys the code
 * uses (string-keys.ts), then looked up by key with its placeholders filled in. A pack of
 * an operator's own (CONTENT_DIR) may hold a strings.yaml with only the texts it changes;
 * every other text keeps the shipped wording.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { PLACEHOLDER_WIDTHS, STRING_KEYS, type StringArgs, type StringKey, type StringSpec } from './string-keys.ts';
import { parseYaml } from './yaml.ts';

/** The bot's wording in one locale, looked up by key. */
export interface Strings {
  /** The locale of the wording (a BCP 47 tag such as en-GB): plural rules, lists, dates. */
  readonly locale: string;
  /** The text of `key` with its placeholders filled in; a text with plural forms takes the form for `count`. */
  readonly t: <K extends StringKey>(key: K, ...values: StringArgs<K>) => string;
  /** Items joined as the locale joins them: "A, B and C" (`and`), "A, B or C" (`or`). */
  readonly list: (items: readonly string[], type: 'and' | 'or') => string;
}

/** One text: a single form, or forms by plural category (`other` always among them). */
type Text = string | Readonly<Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }>;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDER_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const SPECS: Readonly<Record<string, StringSpec>> = STRING_KEYS;

/** Looks up texts that were validated complete: every key is there. */
function createStrings(locale: string, texts: ReadonlyMap<string, Text>): Strings {
  const plural = new Intl.PluralRules(locale);
  const lists = { and: new Intl.ListFormat(locale, { type: 'conjunction' }), or: new Intl.ListFormat(locale, { type: 'disjunction' }) };
  return {
    locale,
    t: <K extends StringKey>(key: K, ...args: StringArgs<K>): string => {
      const values: Readonly<Record<string, string | number>> = args[0] ?? {};
      const text = texts.get(key);
      // Unreachable from typed code: validation made sure every key has a text.
      if (text === undefined) throw new Error(`no text for the key "${key}"`);
      const form = typeof text === 'string' ? text : (text[plural.select(Number(values.count))] ?? text.other);
      // One pass, so a value that happens to contain {braces} is left as it is.
      return form.replace(PLACEHOLDER, (_whole, name: string) => String(values[name]));
    },
    list: (items, type) => lists[type].format(items),
  };
}

const fileSchema = z
  .object(
    {
      locale: z
        .string({ error: 'must be a language tag such as en-GB' })
        .refine(isLocale, 'must be a language tag such as en-GB')
        .optional(),
      strings: z.record(z.string(), z.unknown(), { error: 'must map keys to texts' }).optional(),
    },
    { error: 'must hold `locale` and `strings`' },
  )
  .strict();

const form = z
  .string({ error: 'must be a text' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty'));
const pluralForms = z.object(Object.fromEntries(PLURAL_FORMS.map((f) => [f, f === 'other' ? form : form.optional()]))).strict();

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** One strings file, read and checked on its own: its texts by key, and its locale if it sets one. */
interface StringsFile {
  locale: string | undefined;
  /** The valid texts, by key. */
  texts: Map<string, Text>;
  /** Every key the file holds, valid or not. */
  keys: Set<string>;
}

/**
 * Reads one strings file, adding each problem (named by `label`, the file as the author
 * knows it) to `problems`. Keys may be nested (`article:` then `title:`) or dotted
 * (`article.title:`), or both.
 */
function readStringsFile(file: string, label: string, problems: string[]): StringsFile | undefined {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${label}: is not valid YAML (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${label}: ${issue.path.map(String).join('.') || '(file)'} ${issue.message}`);
    return undefined;
  }
  const texts = new Map<string, Text>();
  const keys = new Set<string>();
  const visit = (node: unknown, key: string) => {
    const spec = SPECS[key];
    if (spec) {
      keys.add(key);
      const text = checkText(node, key, spec, (problem) => problems.push(`${label}: ${problem}`));
      if (text !== undefined) texts.set(key, text);
    } else if (isMapping(node) && Object.keys(SPECS).some((k) => k.startsWith(`${key}.`))) {
      for (const [name, child] of Object.entries(node)) visit(child, `${key}.${name}`);
    } else {
      const near = nearestKey(key);
      problems.push(`${label}: ${key} is not a key the bot uses${near ? ` (did you mean ${near}?)` : ''}`);
    }
  };
  for (const [name, child] of Object.entries(parsed.data.strings ?? {})) visit(child, name);
  return { locale: parsed.data.locale, texts, keys };
}

/** A text checked against what the code expects of its key; undefined when it has a problem (each reported). */
function checkText(node: unknown, key: string, spec: StringSpec, report: (problem: string) => void): Text | undefined {
  const found: string[] = [];
  let text: Text;
  if (spec.plural && isMapping(node)) {
    const parsed = pluralForms.safeParse(node);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = issue.path.map(String).join('.');
        report(
          issue.code === 'unrecognized_keys'
            ? `${key} has ${issue.keys.map((k) => `"${k}"`).join(', ')}: plural forms are ${PLURAL_FORMS.join(', ')}`
            : `${key}${at ? `.${at}` : ''} ${issue.message}`,
        );
      }
      return undefined;
    }
    text = parsed.data as Text;
  } else {
    const parsed = form.safeParse(node);
    if (!parsed.success) {
      report(`${key} ${parsed.error.issues[0]!.message}${spec.plural ? ', or its plural forms (one, other…)' : ''}`);
      return undefined;
    }
    text = parsed.data;
  }

  const expected: readonly string[] = spec.params ?? [];
  const forms = typeof text === 'string' ? [['', text] as const] : Object.entries(text).map(([name, value]) => [`.${name}`, value] as const);
  for (const [at, value] of forms) {
    const used = placeholdersOf(value);
    for (const brace of used.malformed) found.push(`${key}${at} has "${brace}", which is not a placeholder: { and } only mark placeholders such as {count}`);
    for (const name of used.names) {
      if (!expected.includes(name)) {
        const own = expected.length ? expected.map((p) => `{${p}}`).join(', ') : 'it has none';
        found.push(`${key}${at} has {${name}}, which is not one of its placeholders (${own})`);
      }
    }
    // Every placeholder must show, except that a plural form other than `other` may leave some out ("one part").
    if (at === '' || at === '.other') for (const name of expected) if (!used.names.includes(name)) found.push(`${key}${at} must use {${name}}`);
    const length = spec.max === undefined ? 0 : longestLength(value);
    if (spec.max !== undefined && length > spec.max) {
      found.push(`${key}${at} must be at most ${spec.max} characters (Discord's limit there), but can reach ${length}${used.names.length ? ' with its placeholders filled in' : ''}`);
    }
  }
  found.forEach(report);
  return found.length ? undefined : text;
}

function isMapping(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The placeholders a text uses, and any brace that does not make one. */
function placeholdersOf(text: string): { names: string[]; malformed: string[] } {
  const names: string[] = [];
  const malformed: string[] = [];
  for (const [whole, name] of text.matchAll(PLACEHOLDER)) {
    if (PLACEHOLDER_NAME.test(name!)) names.push(name!);
    else malformed.push(whole);
  }
  const stray = text.replace(PLACEHOLDER, '').match(/[{}]/g);
  if (stray) malformed.push(...stray);
  return { names, malformed };
}

/** A text's length in characters (code points, as Discord counts), each placeholder at its widest value. */
function longestLength(text: string): number {
  let length = 0;
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    length += [...text.slice(last, match.index)].length + (PLACEHOLDER_WIDTHS[match[1]!] ?? match[0].length);
    last = match.index + match[0].length;
  }
  return length + [...text.slice(last)].length;
}

/** The key a misspelled one most likely meant: the closest by edits, if close enough. */
function nearestKey(key: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of Object.keys(SPECS)) {
    const distance = editDistance(key, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= 3 ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The bot's wording: the shipped file, which must hold every key, with the texts of the
 * pack's own strings.yaml (if the pack is not the shipped one and has the file) in place
 * of the shipped ones. Every problem of either file goes to `problems`, named by `label`.
 */
export function loadStrings(
  shipped: { file: string; label: string },
  own: { file: string; label: string } | undefined,
  problems: string[],
): Strings | undefined {
  const count = problems.length;
  if (!existsSync(shipped.file)) {
    problems.push(`${shipped.label}: file is missing`);
    return undefined;
  }
  const base = readStringsFile(shipped.file, shipped.label, problems);
  if (base) {
    for (const key of Object.keys(SPECS)) if (!base.keys.has(key)) problems.push(`${shipped.label}: ${key} is missing`);
    if (!base.locale) problems.push(`${shipped.label}: locale is required (a language tag such as en-GB)`);
  }
  const override = own && existsSync(own.file) ? readStringsFile(own.file, own.label, problems) : undefined;
  if (!base || problems.length > count) return undefined;
  const texts = new Map([...base.texts, ...(override?.texts ?? [])]);
  return createStrings(override?.locale ?? base.locale!, texts);
}
