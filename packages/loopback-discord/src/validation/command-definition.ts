import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { isObject, type Json } from '../json.ts';
import { FormErrors, between, checkArray, checkString, maxLength } from './form-errors.ts';

const COMMAND_NAME = new RegExp(`^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,${DISCORD_LIMITS.commandName}}$`, 'u');

function checkOptionName(errors: FormErrors, path: Array<string | number>, name: unknown): void {
  if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

const VALUE_TYPES = new Set<number>([
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Number,
]);

function checkChoiceValue(errors: FormErrors, path: Array<string | number>, optionType: number, value: unknown): void {
  if (optionType === ApplicationCommandOptionType.String) {
    checkString(errors, path, value, { max: DISCORD_LIMITS.choiceStringValue, required: true });
  } else if (optionType === ApplicationCommandOptionType.Integer) {
    if (!Number.isSafeInteger(value)) errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
  } else if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not a number.`);
  }
}

/** Checks one choice list (registered choices, or an autocomplete answer). */
export function checkChoices(
  errors: FormErrors,
  path: Array<string | number>,
  optionType: number,
  choices: unknown,
): void {
  if (!checkArray(errors, path, choices, DISCORD_LIMITS.choices)) return;
  choices.forEach((choice, k) => {
    const at = [...path, k];
    if (!isObject(choice)) {
      errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    checkString(errors, [...at, 'name'], choice.name, { min: 1, max: DISCORD_LIMITS.choiceName, required: true });
    checkChoiceValue(errors, [...at, 'value'], optionType, choice.value);
  });
}

/** Total characters of names, descriptions and choice values, toward the 4000 per command. */
function commandSize(command: Json): number {
  const len = (v: unknown) =>
    typeof v === 'string' ? [...v].length : v === undefined || v === null ? 0 : String(v).length;
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

function checkOptions(
  errors: FormErrors,
  path: Array<string | number>,
  options: unknown,
  level: 'top' | 'group' | 'sub',
): void {
  if (options === undefined || options === null) return;
  if (!checkArray(errors, path, options, DISCORD_LIMITS.commandOptions)) return;
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
    checkString(errors, [...at, 'description'], o.description, {
      min: 1,
      max: DISCORD_LIMITS.commandDescription,
      required: true,
    });
    if (typeof o.name === 'string') {
      if (names.has(o.name))
        errors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(o.name);
    }
    const isSub = type === ApplicationCommandOptionType.Subcommand;
    const isGroup = type === ApplicationCommandOptionType.SubcommandGroup;
    if (isSub || isGroup) {
      subcommands++;
      if (level === 'sub' || (level === 'group' && isGroup)) {
        errors.add(
          [...at, 'type'],
          'APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING',
          'Subcommands and groups cannot be nested here',
        );
      }
      if (o.required)
        errors.add(
          [...at, 'required'],
          'APPLICATION_COMMAND_SUBCOMMAND_REQUIRED',
          'Subcommands and groups cannot be required',
        );
      if (isGroup && (!Array.isArray(o.options) || o.options.length === 0)) {
        errors.add([...at, 'options'], 'BASE_TYPE_BAD_LENGTH', between(1, DISCORD_LIMITS.commandOptions));
      }
      checkOptions(errors, [...at, 'options'], o.options, isGroup ? 'group' : 'sub');
      return;
    }
    if (level === 'group') {
      errors.add(
        [...at, 'type'],
        'APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING',
        'A subcommand group may only contain subcommands',
      );
    }
    if (o.required === true) {
      if (sawOptional) {
        errors.add(
          [...at, 'required'],
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      }
    } else {
      sawOptional = true;
    }
    const hasChoices = Array.isArray(o.choices) && o.choices.length > 0;
    if (o.choices !== undefined && o.choices !== null) {
      if (!VALUE_TYPES.has(type))
        errors.add(
          [...at, 'choices'],
          'APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED',
          'Choices are not allowed for this option type',
        );
      else checkChoices(errors, [...at, 'choices'], type, o.choices);
    }
    if (o.autocomplete === true) {
      if (!VALUE_TYPES.has(type))
        errors.add(
          [...at, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_NOT_ALLOWED',
          'Autocomplete is not allowed for this option type',
        );
      if (hasChoices)
        errors.add(
          [...at, 'autocomplete'],
          'AUTOCOMPLETE_CHOICES_MUTUALLY_EXCLUSIVE',
          'Autocomplete cannot be enabled on an option with choices',
        );
    }
    if (type === ApplicationCommandOptionType.String) {
      for (const key of ['min_length', 'max_length'] as const) {
        const v = o[key];
        const lo = key === 'min_length' ? 0 : 1;
        if (
          v !== undefined &&
          (!Number.isInteger(v) || (v as number) < lo || (v as number) > DISCORD_LIMITS.stringOptionLength)
        ) {
          errors.add(
            [...at, key],
            'NUMBER_TYPE_MAX',
            `int value should be between ${lo} and ${DISCORD_LIMITS.stringOptionLength}.`,
          );
        }
      }
    }
  });
  if (subcommands > 0 && subcommands < options.length) {
    errors.add(
      path,
      'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      'Subcommands and groups cannot be mixed with other options',
    );
  }
}

/** Checks one command definition as POST/PATCH/PUT receive it. */
export function validateCommand(
  body: unknown,
  errors = new FormErrors(),
  path: Array<string | number> = [],
): FormErrors {
  if (!isObject(body)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return errors;
  }
  const type = body.type ?? ApplicationCommandType.ChatInput;
  if (type === ApplicationCommandType.ChatInput) {
    checkOptionName(errors, [...path, 'name'], body.name);
    checkString(errors, [...path, 'description'], body.description, {
      min: 1,
      max: DISCORD_LIMITS.commandDescription,
      required: true,
    });
    checkOptions(errors, [...path, 'options'], body.options, 'top');
  } else if (type === ApplicationCommandType.User || type === ApplicationCommandType.Message) {
    checkString(errors, [...path, 'name'], body.name, { min: 1, max: DISCORD_LIMITS.commandName, required: true });
    if (typeof body.description === 'string' && body.description.length > 0) {
      errors.add(
        [...path, 'description'],
        'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION',
        'Context menu commands cannot have a description',
      );
    }
    if (body.options !== undefined)
      errors.add(
        [...path, 'options'],
        'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS',
        'Context menu commands cannot have options',
      );
  } else if (type !== ApplicationCommandType.PrimaryEntryPoint) {
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
  }
  const dmp = body.default_member_permissions;
  if (dmp !== undefined && dmp !== null && (typeof dmp !== 'string' || !/^\d+$/.test(dmp))) {
    errors.add([...path, 'default_member_permissions'], 'PERMISSIONS_INVALID', 'Invalid permissions');
  }
  if (commandSize(body) > DISCORD_LIMITS.commandTotal) {
    errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${DISCORD_LIMITS.commandTotal})`);
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
    if (seen.has(key))
      errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.set(key, i);
  });
  if ((perType.get(ApplicationCommandType.ChatInput) ?? 0) > DISCORD_LIMITS.chatInputCommands) {
    errors.add([], 'BASE_TYPE_MAX_LENGTH', maxLength(DISCORD_LIMITS.chatInputCommands));
  }
  for (const t of [ApplicationCommandType.User, ApplicationCommandType.Message]) {
    if ((perType.get(t) ?? 0) > DISCORD_LIMITS.contextMenuCommands)
      errors.add([], 'BASE_TYPE_MAX_LENGTH', maxLength(DISCORD_LIMITS.contextMenuCommands));
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
