import {
  ApplicationCommandOptionType,
  CommandInteractionOptionResolver,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { focusedOption, readOptions } from '../../src/discord/command-options.ts';
import { serverCommand, shareOption, subcommand } from '../../src/discord/slash-command.ts';

/** An interaction as a handler gets it, its options read by discord.js's own resolver. */
function interaction(
  commandName: string,
  options: CommandInteractionOption[],
): ChatInputCommandInteraction & AutocompleteInteraction {
  const resolver = Reflect.construct(CommandInteractionOptionResolver, [
    null,
    options,
    null,
  ]) as CommandInteractionOptionResolver;
  return { commandName, options: resolver } as unknown as ChatInputCommandInteraction & AutocompleteInteraction;
}

// Built like /article's and /smallwins enable's definitions.
const article = serverCommand('article', 'Read the article', [
  {
    type: ApplicationCommandOptionType.String,
    name: 'section',
    description: 'The section',
    autocomplete: true,
    max_length: 100,
  },
  shareOption('Show the reply'),
]);
const enable = subcommand('enable', 'Daily posts in a channel', [
  { type: ApplicationCommandOptionType.String, name: 'time', description: 'Time of day', required: true },
  {
    type: ApplicationCommandOptionType.String,
    name: 'timezone',
    description: 'Time zone',
    required: true,
    autocomplete: true,
  },
  { type: ApplicationCommandOptionType.Role, name: 'role', description: 'A role to mention' },
]);
const disable = subcommand('disable', 'Stop the daily posts', []);
const smallwins = (name: string, options: CommandInteractionOption[]) =>
  interaction('smallwins', [{ name, type: ApplicationCommandOptionType.Subcommand, options }]);

describe('options typed from the command definition', () => {
  it('GIVEN /article with a section THEN each option reads by its name and type, an absent one as undefined', () => {
    const options = readOptions(
      interaction('article', [{ name: 'section', type: ApplicationCommandOptionType.String, value: 'trust' }]),
      article,
    );
    expect(options).toEqual({ section: 'trust', share: undefined });
    expectTypeOf(options).toEqualTypeOf<{ section: string | undefined; share: boolean | undefined }>();
  });

  it('GIVEN a misspelled option name or a wrong type THEN the type check fails', () => {
    const options = readOptions(
      interaction('article', [{ name: 'share', type: ApplicationCommandOptionType.Boolean, value: true }]),
      article,
    );
    // @ts-expect-error: /article has no option "sectoin" (tsc --noEmit, run by npm test, checks this line)
    expect(options.sectoin).toBeUndefined();
    // @ts-expect-error: share is a boolean, not a string
    const share: string | undefined = options.share;
    expect(share).toBe(true);
  });

  it('GIVEN a subcommand THEN its own options are read, a required one never undefined', () => {
    const options = readOptions(
      smallwins('enable', [
        { name: 'time', type: ApplicationCommandOptionType.String, value: '9am' },
        { name: 'timezone', type: ApplicationCommandOptionType.String, value: 'Europe/London' },
      ]),
      enable,
    );
    expect(options).toEqual({ time: '9am', timezone: 'Europe/London', role: undefined });
    expectTypeOf(options).toEqualTypeOf<{
      time: string;
      timezone: string;
      role: NonNullable<CommandInteractionOption['role']> | undefined;
    }>();
    // @ts-expect-error: "channel" is another subcommand's option, not enable's
    expect(options.channel).toBeUndefined();
  });

  it('GIVEN the options of another subcommand, or a required option missing THEN reading refuses', () => {
    expect(() => readOptions(smallwins('enable', []), disable)).toThrow(
      /smallwins enable was read with the options of "disable"/,
    );
    expect(() =>
      readOptions(
        smallwins('enable', [{ name: 'timezone', type: ApplicationCommandOptionType.String, value: 'UTC' }]),
        enable,
      ),
    ).toThrow(/time/);
  });

  it('GIVEN a member typing in an autocomplete option THEN the option is named from the definition', () => {
    const typing = interaction('article', [
      { name: 'section', type: ApplicationCommandOptionType.String, value: 'tru', focused: true },
    ]);
    const focused = focusedOption(typing, article);
    expect(focused).toEqual({ name: 'section', value: 'tru' });
    expectTypeOf(focused).toEqualTypeOf<{ name: 'section'; value: string } | undefined>();
    const inEnable = focusedOption(
      smallwins('enable', [
        { name: 'timezone', type: ApplicationCommandOptionType.String, value: 'Lon', focused: true },
      ]),
      enable,
    );
    // @ts-expect-error: "time" does not autocomplete; only "timezone" does
    expect(inEnable?.name === 'time').toBe(false);
    expect(
      focusedOption(
        smallwins('disable', [
          { name: 'timezone', type: ApplicationCommandOptionType.String, value: 'Lon', focused: true },
        ]),
        enable,
      ),
    ).toBeUndefined();
  });
});
