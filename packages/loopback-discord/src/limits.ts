import { ApplicationCommandOptionType, ApplicationCommandType, ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';

/** One problem with one field, as Discord lists it under `_errors`. */
export interface FieldError {
  code: string;
  message: string;
}

/**
 * Collects field errors into the nested shape of Discord's 50035 "Invalid Form Body"
 * answer: `{ embeds: { 0: { description: { _errors: [...] } } } }`.
 */
export class FormErrors {
  readonly tree: Record<string, unknown> = {};
  readonly flat: string[] = [];

  add(path: ReadonlyArray<string | number>, code: string, message: string): void {
    let node = this.tree as Record<string, unknown>;
    for (const key of path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    ((node._errors ??= []) as FieldError[]).push({ code, message });
    this.flat.push(`${path.length ? path.join('.') : '(body)'}: ${message}`);
  }

  get empty(): boolean {
    return this.flat.length === 0;
  }
}

/** The numbers Discord enforces, in one place so tests and docs can point at them. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowWidth: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  placeholder: 150,
  v2Components: 40,
  nonce: 25,
  allowedMentionIds: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  choices: 25,
  choiceName: 100,
  choiceStringValue: 100,
  chatInputCommands: 100,
  contextMenuCommands: 15,
  commandTotal: 4000,
  stringOptionLength: 6000,
  threadName: 100,
} as const;

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const maxLength = (n: number) => `Must be ${n} or fewer in length.`;
const between = (a: number, b: number) => `Must be between ${a} and ${b} in length.`;

function checkString(
  errors: FormErrors,
  path: Array<string | number>,
  value: unknown,
  opts: { max: number; min?: number; required?: boolean; nullable?: boolean },
): void {
  if (value === undefined || (value === null && opts.nullable)) {
    if (opts.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'STRING_TYPE_CONVERT', 'Could not interpret value as string.');
    return;
  }
  const length = [...value].length;
  const min = opts.min ?? 0;
  if (opts.required && length === 0 && min <= 1) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (min > 0 && length < min) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', between(min, opts.max));
  } else if (length > opts.max) {
    errors.add(path, min > 0 ? 'BASE_TYPE_BAD_LENGTH' : 'BASE_TYPE_MAX_LENGTH', min > 0 ? between(min, opts.max) : maxLength(opts.max));
  }
}

function checkArray(errors: FormErrors, path: Array<string | number>, value: unknown, max: number): value is unknown[] {
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return false;
  }
  if (value.length > max) errors.add(path, 'BASE_TYPE_MAX_LENGTH', maxLength(max));
  return true;
}

/** Characters an embed counts toward the 6000 shared by all embeds of a message. */
function embedSize(embed: Json): number {
  const len = (v: unknown) => (typeof v === 'string' ? [...v].length : 0);
  let n = len(embed.title) + len(embed.description);
  if (isObject(embed.footer)) n += len(embed.footer.text);
  if (isObject(embed.author)) n += len(embed.author.name);
  if (Array.isArray(embed.fields)) for (const f of embed.fields) if (isObject(f)) n += len(f.name) + len(f.value);
  return n;
}

function checkEmbeds(errors: FormErrors, embeds: unknown): void {
  if (embeds === null) return;
  if (!checkArray(errors, ['embeds'], embeds, LIMITS.embeds)) return;
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = (...rest: Array<string | number>) => ['embeds', i, ...rest];
    if (!isObject(embed)) {
      errors.add(at(), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    checkString(errors, at('title'), embed.title, { max: LIMITS.embedTitle });
    checkString(errors, at('description'), embed.description, { max: LIMITS.embedDescription });
    if (embed.url !== undefined) checkString(errors, at('url'), embed.url, { max: 2048 });
    if (embed.color !== undefined && embed.color !== null) {
      if (!Number.isInteger(embed.color) || (embed.color as number) < 0 || (embed.color as number) > 0xffffff) {
        errors.add(at('color'), 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
      }
    }
    if (embed.timestamp !== undefined && embed.timestamp !== null && Number.isNaN(Date.parse(String(embed.timestamp)))) {
      errors.add(at('timestamp'), 'DATE_TIME_TYPE_PARSE', 'Could not parse timestamp. Should be ISO8601.');
    }
    if (embed.footer !== undefined && embed.footer !== null) {
      if (!isObject(embed.footer)) errors.add(at('footer'), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      else checkString(errors, at('footer', 'text'), embed.footer.text, { max: LIMITS.embedFooter, required: true });
    }
    if (embed.author !== undefined && embed.author !== null) {
      if (!isObject(embed.author)) errors.add(at('author'), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      else checkString(errors, at('author', 'name'), embed.author.name, { max: LIMITS.embedAuthor, required: true });
    }
    if (embed.fields !== undefined && embed.fields !== null && checkArray(errors, at('fields'), embed.fields, LIMITS.embedFields)) {
      embed.fields.forEach((field, j) => {
        if (!isObject(field)) {
          errors.add(at('fields', j), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
          return;
        }
        checkString(errors, at('fields', j, 'name'), field.name, { max: LIMITS.embedFieldName, required: true });
        checkString(errors, at('fields', j, 'value'), field.value, { max: LIMITS.embedFieldValue, required: true });
      });
    }
    total += embedSize(embed);
  });
  if (total > LIMITS.embedTotal) {
    errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
}

const SELECT_TYPES = new Set<number>([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

function checkCustomId(errors: FormErrors, path: Array<string | number>, value: unknown, seen: Set<string>): void {
  checkString(errors, path, value, { min: 1, max: LIMITS.customId, required: true });
  if (typeof value === 'string') {
    if (seen.has(value)) errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    seen.add(value);
  }
}

function checkButton(errors: FormErrors, path: Array<string | number>, c: Json, seen: Set<string>): void {
  const style = c.style;
  if (typeof style !== 'number' || style < ButtonStyle.Primary || style > ButtonStyle.Premium) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
    return;
  }
  checkString(errors, [...path, 'label'], c.label, { max: LIMITS.buttonLabel });
  if (style === ButtonStyle.Link) {
    if (typeof c.url !== 'string' || c.url.length === 0) {
      errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
    } else if (!/^(https?|discord):\/\//.test(c.url)) {
      errors.add([...path, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    }
    if (c.custom_id !== undefined) {
      errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be specified for link buttons');
    }
  } else if (style === ButtonStyle.Premium) {
    if (typeof c.sku_id !== 'string') errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    if (c.url !== undefined) errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'A url cannot be specified for this button style');
    checkCustomId(errors, [...path, 'custom_id'], c.custom_id, seen);
  }
  if (c.label === undefined && c.emoji === undefined && style !== ButtonStyle.Premium) {
    errors.add([...path, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or emoji is required');
  }
}

function checkSelect(errors: FormErrors, path: Array<string | number>, c: Json, seen: Set<string>): void {
  checkCustomId(errors, [...path, 'custom_id'], c.custom_id, seen);
  checkString(errors, [...path, 'placeholder'], c.placeholder, { max: LIMITS.placeholder });
  const min = c.min_values ?? 1;
  const max = c.max_values ?? 1;
  if (typeof min !== 'number' || min < 0 || min > 25) errors.add([...path, 'min_values'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
  if (typeof max !== 'number' || max < 1 || max > 25) errors.add([...path, 'max_values'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
  if (c.type !== ComponentType.StringSelect) return;
  if (!Array.isArray(c.options) || c.options.length === 0) {
    errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', between(1, LIMITS.selectOptions));
    return;
  }
  if (c.options.length > LIMITS.selectOptions) errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', between(1, LIMITS.selectOptions));
  if (typeof max === 'number' && max > c.options.length) {
    errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS', 'max_values must be at most the number of options');
  }
  const values = new Set<string>();
  c.options.forEach((o: unknown, k: number) => {
    const at = [...path, 'options', k];
    if (!isObject(o)) {
      errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    checkString(errors, [...at, 'label'], o.label, { min: 1, max: LIMITS.selectOptionText, required: true });
    checkString(errors, [...at, 'value'], o.value, { min: 1, max: LIMITS.selectOptionText, required: true });
    checkString(errors, [...at, 'description'], o.description, { max: LIMITS.selectOptionText });
    if (typeof o.value === 'string') {
      if (values.has(o.value)) errors.add([...at, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Component option value cannot be duplicated');
      values.add(o.value);
    }
  });
}

function checkActionRows(errors: FormErrors, components: unknown[], seen: Set<string>): void {
  if (components.length > LIMITS.actionRows) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', maxLength(LIMITS.actionRows));
  components.forEach((row, i) => {
    const at = ['components', i];
    if (!isObject(row) || row.type !== ComponentType.ActionRow) {
      errors.add([...at, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    checkRow(errors, at, row, seen);
  });
}

function checkRow(errors: FormErrors, at: Array<string | number>, row: Json, seen: Set<string>): void {
  if (!Array.isArray(row.components) || row.components.length === 0) {
    errors.add([...at, 'components'], 'BASE_TYPE_BAD_LENGTH', between(1, LIMITS.rowWidth));
    return;
  }
  let width = 0;
  row.components.forEach((c: unknown, j: number) => {
    const cAt = [...at, 'components', j];
    if (!isObject(c)) {
      errors.add(cAt, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (c.type === ComponentType.Button) {
      width += 1;
      checkButton(errors, cAt, c, seen);
    } else if (typeof c.type === 'number' && SELECT_TYPES.has(c.type)) {
      width += LIMITS.rowWidth;
      checkSelect(errors, cAt, c, seen);
    } else {
      errors.add([...cAt, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
    }
  });
  if (width > LIMITS.rowWidth) {
    errors.add([...at, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
  }
}

/** Components v2: a tree of layout components; custom ids and counts still apply everywhere. */
function checkV2(errors: FormErrors, components: unknown[], seen: Set<string>): void {
  let count = 0;
  const walk = (list: unknown[], path: Array<string | number>) => {
    list.forEach((c, i) => {
      const at = [...path, i];
      if (!isObject(c)) return;
      count++;
      if (c.type === ComponentType.ActionRow) {
        count += Array.isArray(c.components) ? c.components.length : 0;
        checkRow(errors, at, c, seen);
        return;
      }
      if (c.type === ComponentType.Button) checkButton(errors, at, c, seen);
      if (Array.isArray(c.components)) walk(c.components, [...at, 'components']);
      if (isObject(c.accessory)) {
        count++;
        if (c.accessory.type === ComponentType.Button) checkButton(errors, [...at, 'accessory'], c.accessory, seen);
      }
    });
  };
  walk(components, ['components']);
  if (count > LIMITS.v2Components) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', maxLength(LIMITS.v2Components));
}

function checkAllowedMentions(errors: FormErrors, am: unknown): void {
  if (am === undefined || am === null) return;
  if (!isObject(am)) {
    errors.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = am.parse;
  if (parse !== undefined) {
    if (!Array.isArray(parse)) errors.add(['allowed_mentions', 'parse'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else
      parse.forEach((p, i) => {
        if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
          errors.add(['allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', 'Value must be one of (\'roles\', \'users\', \'everyone\').');
        }
      });
  }
  for (const kind of ['users', 'roles'] as const) {
    const ids = am[kind];
    if (ids === undefined) continue;
    if (!checkArray(errors, ['allowed_mentions', kind], ids, LIMITS.allowedMentionIds)) continue;
    if (Array.isArray(parse) && parse.includes(kind) && ids.length > 0) {
      errors.add(
        ['allowed_mentions'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
}

/**
 * Checks a message payload (channel message, interaction response data, webhook
 * message, or an edit of one) against Discord's limits. Returns the collected errors;
 * the caller answers 50035 when any.
 */
export function validateMessagePayload(body: unknown): FormErrors {
  const errors = new FormErrors();
  if (!isObject(body)) {
    errors.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return errors;
  }
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  const v2 = (flags & MessageFlags.IsComponentsV2) !== 0;
  checkString(errors, ['content'], body.content, { max: LIMITS.content, nullable: true });
  if (body.embeds !== undefined) checkEmbeds(errors, body.embeds);
  if (v2) {
    if (typeof body.content === 'string' && body.content.length > 0) {
      errors.add(['content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
    }
    if (Array.isArray(body.embeds) && body.embeds.length > 0) {
      errors.add(['embeds'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'embeds\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
    }
  }
  if (body.components !== undefined && body.components !== null && checkArray(errors, ['components'], body.components, v2 ? LIMITS.v2Components : Number.MAX_SAFE_INTEGER)) {
    const seen = new Set<string>();
    if (v2) checkV2(errors, body.components, seen);
    else checkActionRows(errors, body.components, seen);
  }
  checkAllowedMentions(errors, body.allowed_mentions);
  if (body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') {
      if (body.nonce.length > LIMITS.nonce) errors.add(['nonce'], 'BASE_TYPE_MAX_LENGTH', maxLength(LIMITS.nonce));
    } else if (!Number.isInteger(body.nonce)) {
      errors.add(['nonce'], 'NONCE_TYPE_INVALID', 'Nonce must be an integer or a string');
    }
  }
  return errors;
}

/**
 * Whether a payload would produce a message with nothing in it (Discord's 50006).
 * For an edit, fields left out keep the stored message's values.
 */
export function isEmptyMessage(body: Json, existing?: { content: string; embeds: unknown[]; components?: unknown[]; attachments?: unknown[] }): boolean {
  const pick = <T>(key: string, fallback: T): unknown => (key in body ? body[key] : fallback);
  const content = pick('content', existing?.content ?? '');
  const embeds = pick('embeds', existing?.embeds ?? []);
  const components = pick('components', existing?.components ?? []);
  const hasContent = typeof content === 'string' && content.trim().length > 0;
  const hasEmbeds = Array.isArray(embeds) && embeds.length > 0;
  const hasComponents = Array.isArray(components) && components.length > 0;
  const hasOther = body.sticker_ids !== undefined || body.poll !== undefined || (existing?.attachments?.length ?? 0) > 0;
  return !hasContent && !hasEmbeds && !hasComponents && !hasOther;
}

function checkOptionName(errors: FormErrors, path: Array<string | number>, name: unknown): void {
  if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

const VALUE_TYPES = new Set<number>([ApplicationCommandOptionType.String, ApplicationCommandOptionType.Integer, ApplicationCommandOptionType.Number]);

function checkChoiceValue(errors: FormErrors, path: Array<string | number>, optionType: number, value: unknown): void {
  if (optionType === ApplicationCommandOptionType.String) {
    checkString(errors, path, value, { max: LIMITS.choiceStringValue, required: true });
  } else if (optionType === ApplicationCommandOptionType.Integer) {
    if (!Number.isSafeInteger(value)) errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
  } else if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not a number.`);
  }
}

/** Checks one choice list (registered choices, or an autocomplete answer). */
export function checkChoices(errors: FormErrors, path: Array<string | number>, optionType: number, choices: unknown): void {
  if (!checkArray(errors, path, choices, LIMITS.choices)) return;
  choices.forEach((choice, k) => {
    const at = [...path, k];
    if (!isObject(choice)) {
      errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    checkString(errors, [...at, 'name'], choice.name, { min: 1, max: LIMITS.choiceName, required: true });
    checkChoiceValue(errors, [...at, 'value'], optionType, choice.value);
  });
}

/** Total characters of names, descriptions and choice values, toward the 4000 per command. */
function commandSize(command: Json): number {
  const len = (v: unknown) => (typeof v === 'string' ? [...v].length : v === undefined || v === null ? 0 : String(v).length);
  let n = len(command.name) + len(command.description);
  const walk = (options: unknown) => {
    if (!Array.isArray(options)) return;
    for (const o of options) {
      if (!isObject(o)) continue;
      n += len(o.name) + len(o.description);
      if (Array.isArray(o.choices)) for (const c of o.choices) if (isObject(c)) n += len(c.name) + len(c.value);
      walk(o.options);
    }
  };
  walk(command.options);
  return n;
}

function checkOptions(errors: FormErrors, path: Array<string | number>, options: unknown, level: 'top' | 'group' | 'sub'): void {
  if (options === undefined || options === null) return;
  if (!checkArray(errors, path, options, LIMITS.commandOptions)) return;
  const names = new Set<string>();
  let sawOptional = false;
  let subcommands = 0;
  options.forEach((o, i) => {
    const at = [...path, i];
    if (!isObject(o)) {
      errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const type = o.type;
    if (typeof type !== 'number' || type < 1 || type > 11) {
      errors.add([...at, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
      return;
    }
    checkOptionName(errors, [...at, 'name'], o.name);
    checkString(errors, [...at, 'description'], o.description, { min: 1, max: LIMITS.commandDescription, required: true });
    if (typeof o.name === 'string') {
      if (names.has(o.name)) errors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(o.name);
    }
    const isSub = type === ApplicationCommandOptionType.Subcommand;
    const isGroup = type === ApplicationCommandOptionType.SubcommandGroup;
    if (isSub || isGroup) {
      subcommands++;
      if (level === 'sub' || (level === 'group' && isGroup)) {
        errors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING', 'Subcommands and groups cannot be nested here');
      }
      if (o.required) errors.add([...at, 'required'], 'APPLICATION_COMMAND_SUBCOMMAND_REQUIRED', 'Subcommands and groups cannot be required');
      if (isGroup && (!Array.isArray(o.options) || o.options.length === 0)) {
        errors.add([...at, 'options'], 'BASE_TYPE_BAD_LENGTH', between(1, LIMITS.commandOptions));
      }
      checkOptions(errors, [...at, 'options'], o.options, isGroup ? 'group' : 'sub');
      return;
    }
    if (level === 'group') {
      errors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING', 'A subcommand group may only contain subcommands');
    }
    if (o.required === true) {
      if (sawOptional) {
        errors.add([...at, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      }
    } else {
      sawOptional = true;
    }
    const hasChoices = Array.isArray(o.choices) && o.choices.length > 0;
    if (o.choices !== undefined && o.choices !== null) {
      if (!VALUE_TYPES.has(type)) errors.add([...at, 'choices'], 'APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED', 'Choices are not allowed for this option type');
      else checkChoices(errors, [...at, 'choices'], type, o.choices);
    }
    if (o.autocomplete === true) {
      if (!VALUE_TYPES.has(type)) errors.add([...at, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_NOT_ALLOWED', 'Autocomplete is not allowed for this option type');
      if (hasChoices) errors.add([...at, 'autocomplete'], 'AUTOCOMPLETE_CHOICES_MUTUALLY_EXCLUSIVE', 'Autocomplete cannot be enabled on an option with choices');
    }
    if (type === ApplicationCommandOptionType.String) {
      for (const key of ['min_length', 'max_length'] as const) {
        const v = o[key];
        const lo = key === 'min_length' ? 0 : 1;
        if (v !== undefined && (!Number.isInteger(v) || (v as number) < lo || (v as number) > LIMITS.stringOptionLength)) {
          errors.add([...at, key], 'NUMBER_TYPE_MAX', `int value should be between ${lo} and ${LIMITS.stringOptionLength}.`);
        }
      }
    }
  });
  if (subcommands > 0 && subcommands < options.length) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Subcommands and groups cannot be mixed with other options');
  }
}

/** Checks one command definition as POST/PATCH/PUT receive it. */
export function validateCommand(body: unknown, errors = new FormErrors(), path: Array<string | number> = []): FormErrors {
  if (!isObject(body)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return errors;
  }
  const type = body.type ?? ApplicationCommandType.ChatInput;
  if (type === ApplicationCommandType.ChatInput) {
    checkOptionName(errors, [...path, 'name'], body.name);
    checkString(errors, [...path, 'description'], body.description, { min: 1, max: LIMITS.commandDescription, required: true });
    checkOptions(errors, [...path, 'options'], body.options, 'top');
  } else if (type === ApplicationCommandType.User || type === ApplicationCommandType.Message) {
    checkString(errors, [...path, 'name'], body.name, { min: 1, max: LIMITS.commandName, required: true });
    if (typeof body.description === 'string' && body.description.length > 0) {
      errors.add([...path, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have a description');
    }
    if (body.options !== undefined) errors.add([...path, 'options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
  } else if (type !== ApplicationCommandType.PrimaryEntryPoint) {
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
  }
  const dmp = body.default_member_permissions;
  if (dmp !== undefined && dmp !== null && (typeof dmp !== 'string' || !/^\d+$/.test(dmp))) {
    errors.add([...path, 'default_member_permissions'], 'PERMISSIONS_INVALID', 'Invalid permissions');
  }
  if (commandSize(body) > LIMITS.commandTotal) {
    errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${LIMITS.commandTotal})`);
  }
  return errors;
}

/** Checks a bulk overwrite: each command, then the counts and unique names per type. */
export function validateCommandList(body: unknown): FormErrors {
  const errors = new FormErrors();
  if (!Array.isArray(body)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return errors;
  }
  const seen = new Map<string, number>();
  const perType = new Map<number, number>();
  body.forEach((command, i) => {
    validateCommand(command, errors, [i]);
    if (!isObject(command)) return;
    const type = (command.type as number | undefined) ?? ApplicationCommandType.ChatInput;
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const key = `${type}:${String(command.name)}`;
    if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.set(key, i);
  });
  if ((perType.get(ApplicationCommandType.ChatInput) ?? 0) > LIMITS.chatInputCommands) {
    errors.add([], 'BASE_TYPE_MAX_LENGTH', maxLength(LIMITS.chatInputCommands));
  }
  for (const t of [ApplicationCommandType.User, ApplicationCommandType.Message]) {
    if ((perType.get(t) ?? 0) > LIMITS.contextMenuCommands) errors.add([], 'BASE_TYPE_MAX_LENGTH', maxLength(LIMITS.contextMenuCommands));
  }
  return errors;
}

/** Checks an autocomplete answer (callback type 8) against the focused option's type. */
export function validateAutocompleteResult(data: unknown, optionType: number): FormErrors {
  const errors = new FormErrors();
  if (!isObject(data)) {
    errors.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errors;
  }
  checkChoices(errors, ['data', 'choices'], optionType, data.choices);
  return errors;
}

/** Checks a thread name (1 to 100 characters). */
export function validateThreadName(name: unknown): FormErrors {
  const errors = new FormErrors();
  checkString(errors, ['name'], name, { min: 1, max: LIMITS.threadName, required: true });
  return errors;
}

/** Prefixes a message payload's errors with `data` for interaction callbacks. */
export function nestUnder(prefix: string, inner: FormErrors): FormErrors {
  const outer = new FormErrors();
  const walk = (node: Record<string, unknown>, path: string[]) => {
    for (const [k, v] of Object.entries(node)) {
      if (k === '_errors') for (const e of v as FieldError[]) outer.add(path, e.code, e.message);
      else walk(v as Record<string, unknown>, [...path, k]);
    }
  };
  walk(inner.tree, [prefix]);
  return outer;
}
