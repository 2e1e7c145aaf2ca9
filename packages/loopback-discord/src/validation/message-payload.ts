import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { isObject, type Json } from '../json.ts';
import { FormErrors, between, checkArray, checkString, maxLength } from './form-errors.ts';

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
  if (!checkArray(errors, ['embeds'], embeds, DISCORD_LIMITS.embeds)) return;
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = (...rest: Array<string | number>) => ['embeds', i, ...rest];
    if (!isObject(embed)) {
      errors.add(at(), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    checkString(errors, at('title'), embed.title, { max: DISCORD_LIMITS.embedTitle });
    checkString(errors, at('description'), embed.description, { max: DISCORD_LIMITS.embedDescription });
    if (embed.url !== undefined) checkString(errors, at('url'), embed.url, { max: DISCORD_LIMITS.embedUrl });
    if (embed.color !== undefined && embed.color !== null) {
      if (!Number.isInteger(embed.color) || (embed.color as number) < 0 || (embed.color as number) > 0xffffff) {
        errors.add(at('color'), 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
      }
    }
    if (
      embed.timestamp !== undefined &&
      embed.timestamp !== null &&
      Number.isNaN(Date.parse(String(embed.timestamp)))
    ) {
      errors.add(at('timestamp'), 'DATE_TIME_TYPE_PARSE', 'Could not parse timestamp. Should be ISO8601.');
    }
    if (embed.footer !== undefined && embed.footer !== null) {
      if (!isObject(embed.footer))
        errors.add(at('footer'), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      else
        checkString(errors, at('footer', 'text'), embed.footer.text, {
          max: DISCORD_LIMITS.embedFooter,
          required: true,
        });
    }
    if (embed.author !== undefined && embed.author !== null) {
      if (!isObject(embed.author))
        errors.add(at('author'), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      else
        checkString(errors, at('author', 'name'), embed.author.name, {
          max: DISCORD_LIMITS.embedAuthor,
          required: true,
        });
    }
    if (
      embed.fields !== undefined &&
      embed.fields !== null &&
      checkArray(errors, at('fields'), embed.fields, DISCORD_LIMITS.embedFields)
    ) {
      embed.fields.forEach((field, j) => {
        if (!isObject(field)) {
          errors.add(at('fields', j), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
          return;
        }
        checkString(errors, at('fields', j, 'name'), field.name, {
          max: DISCORD_LIMITS.embedFieldName,
          required: true,
        });
        checkString(errors, at('fields', j, 'value'), field.value, {
          max: DISCORD_LIMITS.embedFieldValue,
          required: true,
        });
      });
    }
    total += embedSize(embed);
  });
  if (total > DISCORD_LIMITS.embedTotal) {
    errors.add(
      ['embeds'],
      'MAX_EMBED_SIZE_EXCEEDED',
      `Embed size exceeds maximum size of ${DISCORD_LIMITS.embedTotal}`,
    );
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
  checkString(errors, path, value, { min: 1, max: DISCORD_LIMITS.customId, required: true });
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
  checkString(errors, [...path, 'label'], c.label, { max: DISCORD_LIMITS.buttonLabel });
  if (style === ButtonStyle.Link) {
    if (typeof c.url !== 'string' || c.url.length === 0) {
      errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
    } else if (!/^(https?|discord):\/\//.test(c.url)) {
      errors.add([...path, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    }
    if (c.custom_id !== undefined) {
      errors.add(
        [...path, 'custom_id'],
        'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        'A custom id cannot be specified for link buttons',
      );
    }
  } else if (style === ButtonStyle.Premium) {
    if (typeof c.sku_id !== 'string') errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    if (c.url !== undefined)
      errors.add(
        [...path, 'url'],
        'BUTTON_COMPONENT_URL_NOT_ALLOWED',
        'A url cannot be specified for this button style',
      );
    checkCustomId(errors, [...path, 'custom_id'], c.custom_id, seen);
  }
  if (c.label === undefined && c.emoji === undefined && style !== ButtonStyle.Premium) {
    errors.add([...path, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or emoji is required');
  }
}

function checkSelect(errors: FormErrors, path: Array<string | number>, c: Json, seen: Set<string>): void {
  checkCustomId(errors, [...path, 'custom_id'], c.custom_id, seen);
  checkString(errors, [...path, 'placeholder'], c.placeholder, { max: DISCORD_LIMITS.placeholder });
  const min = c.min_values ?? 1;
  const max = c.max_values ?? 1;
  const most = DISCORD_LIMITS.selectValues;
  if (typeof min !== 'number' || min < 0 || min > most)
    errors.add([...path, 'min_values'], 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${most}.`);
  if (typeof max !== 'number' || max < 1 || max > most)
    errors.add([...path, 'max_values'], 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${most}.`);
  if (c.type !== ComponentType.StringSelect) return;
  if (!Array.isArray(c.options) || c.options.length === 0) {
    errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', between(1, DISCORD_LIMITS.selectOptions));
    return;
  }
  if (c.options.length > DISCORD_LIMITS.selectOptions)
    errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', between(1, DISCORD_LIMITS.selectOptions));
  if (typeof max === 'number' && max > c.options.length) {
    errors.add(
      [...path, 'max_values'],
      'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS',
      'max_values must be at most the number of options',
    );
  }
  const values = new Set<string>();
  c.options.forEach((o: unknown, k: number) => {
    const at = [...path, 'options', k];
    if (!isObject(o)) {
      errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    checkString(errors, [...at, 'label'], o.label, { min: 1, max: DISCORD_LIMITS.selectOptionText, required: true });
    checkString(errors, [...at, 'value'], o.value, { min: 1, max: DISCORD_LIMITS.selectOptionText, required: true });
    checkString(errors, [...at, 'description'], o.description, { max: DISCORD_LIMITS.selectOptionText });
    if (typeof o.value === 'string') {
      if (values.has(o.value))
        errors.add(
          [...at, 'value'],
          'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
          'Component option value cannot be duplicated',
        );
      values.add(o.value);
    }
  });
}

function checkActionRows(errors: FormErrors, components: unknown[], seen: Set<string>): void {
  if (components.length > DISCORD_LIMITS.actionRows)
    errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', maxLength(DISCORD_LIMITS.actionRows));
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
    errors.add([...at, 'components'], 'BASE_TYPE_BAD_LENGTH', between(1, DISCORD_LIMITS.rowWidth));
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
      width += DISCORD_LIMITS.rowWidth;
      checkSelect(errors, cAt, c, seen);
    } else {
      errors.add([...cAt, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
    }
  });
  if (width > DISCORD_LIMITS.rowWidth) {
    errors.add(
      [...at, 'components'],
      'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      'The specified component exceeds the maximum width',
    );
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
  if (count > DISCORD_LIMITS.v2Components)
    errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', maxLength(DISCORD_LIMITS.v2Components));
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
          errors.add(
            ['allowed_mentions', 'parse', i],
            'BASE_TYPE_CHOICES',
            "Value must be one of ('roles', 'users', 'everyone').",
          );
        }
      });
  }
  for (const kind of ['users', 'roles'] as const) {
    const ids = am[kind];
    if (ids === undefined) continue;
    if (!checkArray(errors, ['allowed_mentions', kind], ids, DISCORD_LIMITS.allowedMentionIds)) continue;
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
  checkString(errors, ['content'], body.content, { max: DISCORD_LIMITS.content, nullable: true });
  if (body.embeds !== undefined) checkEmbeds(errors, body.embeds);
  if (v2) {
    if (typeof body.content === 'string' && body.content.length > 0) {
      errors.add(
        ['content'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
    if (Array.isArray(body.embeds) && body.embeds.length > 0) {
      errors.add(
        ['embeds'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
  }
  if (
    body.components !== undefined &&
    body.components !== null &&
    checkArray(errors, ['components'], body.components, v2 ? DISCORD_LIMITS.v2Components : Number.MAX_SAFE_INTEGER)
  ) {
    const seen = new Set<string>();
    if (v2) checkV2(errors, body.components, seen);
    else checkActionRows(errors, body.components, seen);
  }
  checkAllowedMentions(errors, body.allowed_mentions);
  if (body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') {
      if (body.nonce.length > DISCORD_LIMITS.nonce)
        errors.add(['nonce'], 'BASE_TYPE_MAX_LENGTH', maxLength(DISCORD_LIMITS.nonce));
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
export function isEmptyMessage(
  body: Json,
  existing?: { content: string; embeds: unknown[]; components?: unknown[]; attachments?: unknown[] },
): boolean {
  const pick = <T>(key: string, fallback: T): unknown => (key in body ? body[key] : fallback);
  const content = pick('content', existing?.content ?? '');
  const embeds = pick('embeds', existing?.embeds ?? []);
  const components = pick('components', existing?.components ?? []);
  const hasContent = typeof content === 'string' && content.trim().length > 0;
  const hasEmbeds = Array.isArray(embeds) && embeds.length > 0;
  const hasComponents = Array.isArray(components) && components.length > 0;
  const hasOther =
    body.sticker_ids !== undefined || body.poll !== undefined || (existing?.attachments?.length ?? 0) > 0;
  return !hasContent && !hasEmbeds && !hasComponents && !hasOther;
}

/** Checks a thread name (1 to 100 characters). */
export function validateThreadName(name: unknown): FormErrors {
  const errors = new FormErrors();
  checkString(errors, ['name'], name, { min: 1, max: DISCORD_LIMITS.threadName, required: true });
  return errors;
}
