import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { APIApplicationCommand, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../playground/parse.ts';
import type { ParsedCommand } from '../../playground/parse.ts';

// Shaped like the JSON the bot registers, typed as Discord's own type so the parser
// is proven to accept it without casts.
const commands: RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
  {
    name: 'reflect',
    description: 'A reflection question',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'theme',
        description: 'Theme',
        choices: [
          { name: 'Trust', value: 'trust' },
          { name: 'Letting go', value: 'letting-go' },
          { name: 'Apologies', value: 'apology' },
        ],
      },
      { type: ApplicationCommandOptionType.Boolean, name: 'share', description: 'Post publicly' },
    ],
  },
  {
    name: 'article',
    description: 'Read the article',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'section', description: 'Section', autocomplete: true },
      { type: ApplicationCommandOptionType.Boolean, name: 'share', description: 'Post publicly' },
    ],
  },
  {
    name: 'smallwins',
    description: 'Daily small-wins prompts',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'enable',
        description: 'Start prompts',
        options: [
          { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where', required: true },
          { type: ApplicationCommandOptionType.String, name: 'time', description: 'HH:MM', required: true },
          { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'IANA zone' },
          { type: ApplicationCommandOptionType.Role, name: 'role', description: 'Role to ping' },
          { type: ApplicationCommandOptionType.Boolean, name: 'thread', description: 'Open a thread' },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'disable', description: 'Stop prompts' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Show settings' },
    ],
  },
  {
    name: 'tips',
    description: 'Tips',
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'count',
        description: 'How many',
        min_value: 1,
        max_value: 5,
      },
      { type: ApplicationCommandOptionType.Number, name: 'weight', description: 'A number' },
      { type: ApplicationCommandOptionType.User, name: 'for', description: 'Someone' },
    ],
  },
];

function parse(line: string): ParsedCommand {
  return parseCommandLine(line, commands);
}

function errorOf(line: string): string {
  const result = parse(line);
  if (result.ok) throw new Error(`expected an error for ${line}, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('parseCommandLine: commands and options', () => {
  it('GIVEN a bare command THEN it parses with no options', () => {
    expect(parse('/reflect')).toEqual({ ok: true, command: 'reflect', options: {} });
  });

  it('GIVEN surrounding spaces, a capitalised name or no slash THEN the command is still found', () => {
    expect(parse('   /Reflect  ')).toEqual({ ok: true, command: 'reflect', options: {} });
    expect(parse('reflect share:no')).toEqual({ ok: true, command: 'reflect', options: { share: false } });
  });

  it('GIVEN an unquoted value with spaces THEN it runs until the next option name', () => {
    expect(parse('/article section:rebuilding trust share:true')).toEqual({
      ok: true,
      command: 'article',
      options: { section: 'rebuilding trust', share: true },
    });
  });

  it('GIVEN a value containing a word with a colon that is not an option THEN the colon stays in the value', () => {
    expect(parse('/article section:note: read me share:false')).toEqual({
      ok: true,
      command: 'article',
      options: { section: 'note: read me', share: false },
    });
  });

  it('GIVEN a quoted value THEN the quotes are removed and an option name inside stays text', () => {
    expect(parse('/article section:"rebuilding trust share:true"')).toEqual({
      ok: true,
      command: 'article',
      options: { section: 'rebuilding trust share:true' },
    });
    expect(parse('/article section:“smart quotes” share:yes')).toEqual({
      ok: true,
      command: 'article',
      options: { section: 'smart quotes', share: true },
    });
    expect(parse('/article section:"say \\"sorry\\""')).toEqual({
      ok: true,
      command: 'article',
      options: { section: 'say "sorry"' },
    });
  });

  it('GIVEN a space after the colon THEN the value is still read', () => {
    expect(parse('/article section: opening')).toEqual({
      ok: true,
      command: 'article',
      options: { section: 'opening' },
    });
  });

  it('GIVEN option names in another case THEN they are matched and returned by their registered name', () => {
    expect(parse('/reflect THEME:trust Share:YES')).toEqual({
      ok: true,
      command: 'reflect',
      options: { theme: 'trust', share: true },
    });
  });

  it('GIVEN a choice typed by its name in any case THEN the choice value is returned', () => {
    expect(parse('/reflect theme:letting GO')).toEqual({
      ok: true,
      command: 'reflect',
      options: { theme: 'letting-go' },
    });
    expect(parse('/reflect theme:APOLOGIES')).toEqual({ ok: true, command: 'reflect', options: { theme: 'apology' } });
    expect(parse('/reflect theme:Apology')).toEqual({ ok: true, command: 'reflect', options: { theme: 'apology' } });
  });

  it('GIVEN booleans as true/false/yes/no THEN they become booleans', () => {
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['yes', true],
      ['No', false],
    ] as const) {
      expect(parse(`/reflect share:${word}`)).toEqual({ ok: true, command: 'reflect', options: { share: value } });
    }
  });

  it('GIVEN numbers THEN integers and decimals are coerced to numbers', () => {
    expect(parse('/tips count:3 weight:-2.5')).toEqual({
      ok: true,
      command: 'tips',
      options: { count: 3, weight: -2.5 },
    });
  });

  it('GIVEN a user option as @name or a Discord mention THEN the name or id is returned without the sigil', () => {
    expect(parse('/tips for:@Sam')).toEqual({ ok: true, command: 'tips', options: { for: 'Sam' } });
    expect(parse('/tips for:<@123456>')).toEqual({ ok: true, command: 'tips', options: { for: '123456' } });
  });
});

describe('parseCommandLine: subcommands', () => {
  it('GIVEN a subcommand with channel, time, role and boolean THEN the path is "smallwins enable" and values are raw names', () => {
    expect(
      parse('/smallwins enable channel:#general time:09:00 timezone:Europe/London role:@Early birds thread:yes'),
    ).toEqual({
      ok: true,
      command: 'smallwins enable',
      options: { channel: 'general', time: '09:00', timezone: 'Europe/London', role: 'Early birds', thread: true },
    });
  });

  it('GIVEN a subcommand without options THEN it parses', () => {
    expect(parse('/smallwins status')).toEqual({ ok: true, command: 'smallwins status', options: {} });
    expect(parse('/SmallWins Disable')).toEqual({ ok: true, command: 'smallwins disable', options: {} });
  });

  it('GIVEN a channel mention THEN its id is returned', () => {
    expect(parse('/smallwins enable channel:<#42> time:8:30')).toEqual({
      ok: true,
      command: 'smallwins enable',
      options: { channel: '42', time: '8:30' },
    });
  });

  it('GIVEN a subcommand group THEN the path holds the group and the subcommand', () => {
    const grouped = [
      {
        name: 'admin',
        options: [
          {
            type: ApplicationCommandOptionType.SubcommandGroup,
            name: 'prompts',
            options: [
              {
                type: ApplicationCommandOptionType.Subcommand,
                name: 'send',
                options: [{ type: ApplicationCommandOptionType.Boolean, name: 'now', required: true }],
              },
            ],
          },
        ],
      },
    ];
    expect(parseCommandLine('/admin prompts send now:true', grouped)).toEqual({
      ok: true,
      command: 'admin prompts send',
      options: { now: true },
    });
  });
});

describe('parseCommandLine: errors a person can act on', () => {
  it('GIVEN an unknown command THEN the error lists the available commands', () => {
    const error = errorOf('/reflec');
    expect(error).toContain('Unknown command "/reflec"');
    for (const name of ['/article', '/reflect', '/smallwins', '/tips']) expect(error).toContain(name);
  });

  it('GIVEN an empty line or a lone slash THEN the error lists the available commands', () => {
    expect(errorOf('')).toContain('/reflect');
    expect(errorOf('/')).toContain('/smallwins');
  });

  it('GIVEN a missing subcommand THEN the error lists the subcommands', () => {
    expect(errorOf('/smallwins')).toBe('/smallwins needs a subcommand: enable, disable, status.');
    expect(errorOf('/smallwins channel:#general')).toContain('needs a subcommand');
  });

  it('GIVEN an unknown subcommand THEN the error names it and lists the subcommands', () => {
    expect(errorOf('/smallwins start')).toBe(
      'Unknown subcommand "start" for /smallwins. Available: enable, disable, status.',
    );
  });

  it('GIVEN an unknown option THEN the error lists the command options', () => {
    const error = errorOf('/reflect topic:trust');
    expect(error).toContain('Unknown option "topic"');
    expect(error).toContain('theme, share');
  });

  it('GIVEN options on a subcommand that takes none THEN the error says so', () => {
    expect(errorOf('/smallwins status verbose:true')).toContain('/smallwins status takes no options');
    expect(errorOf('/smallwins status now')).toContain('/smallwins status takes no options');
  });

  it('GIVEN a word that is not option:value THEN the error shows the usage', () => {
    const error = errorOf('/reflect trust');
    expect(error).toContain('Expected option:value but found "trust"');
    expect(error).toContain('/reflect [theme:<trust|letting-go|apology>] [share:<true|false>]');
  });

  it('GIVEN a missing required option THEN the error names every missing one and shows the usage', () => {
    const error = errorOf('/smallwins enable timezone:UTC');
    expect(error).toContain('Missing required options channel, time');
    expect(error).toContain('/smallwins enable channel:<channel> time:<text> [timezone:<text>]');
    expect(errorOf('/smallwins enable channel:#general')).toContain('Missing required option time');
  });

  it('GIVEN an option given twice THEN it is refused', () => {
    expect(errorOf('/reflect share:true SHARE:false')).toBe('Option share was given twice; give it once.');
  });

  it('GIVEN nothing after name: THEN the error says a value is missing', () => {
    expect(errorOf('/reflect theme:')).toContain('Missing a value after "theme:"');
    expect(errorOf('/reflect theme: share:true')).toContain('Missing a value after "theme:"');
    expect(errorOf('/article section:""')).toContain('Missing a value after "section:"');
    expect(errorOf('/smallwins enable channel:# time:9:00')).toContain('Missing a value after "channel:"');
  });

  it('GIVEN an unclosed quote THEN it is refused', () => {
    expect(errorOf('/article section:"rebuilding trust')).toContain('no closing quote');
    expect(errorOf('/article section:"rebuilding"trust')).toContain('space after the closing quote');
  });

  it('GIVEN a value that is not a choice THEN the error lists the valid choices', () => {
    expect(errorOf('/reflect theme:anger')).toBe(
      '"anger" is not a valid choice for theme. Choose one of: trust, letting-go (Letting go), apology (Apologies).',
    );
  });

  it('GIVEN an over-long value or name THEN the error quotes a short excerpt of it, not all of it', () => {
    const long = 'anger '.repeat(60).trim();
    const error = errorOf(`/reflect theme:${long}`);
    expect(error).toMatch(
      /^"anger anger anger anger anger a…" is not a valid choice for theme\. Choose one of: trust,/,
    );
    expect(error.length).toBeLessThan(150);
    expect(errorOf(`/reflect share:${'y'.repeat(500)}`)).toBe(
      `share must be true or false (yes/no also work), not "${'y'.repeat(31)}…".`,
    );
    expect(errorOf(`/${'r'.repeat(200)}`)).toContain(`Unknown command "/${'r'.repeat(31)}…"`);
    expect(errorOf(`/reflect ${'t'.repeat(200)}:trust`)).toContain(`Unknown option "${'t'.repeat(31)}…"`);
  });

  it('GIVEN a non-boolean for a boolean option THEN it is refused', () => {
    expect(errorOf('/reflect share:maybe')).toBe('share must be true or false (yes/no also work), not "maybe".');
  });

  it('GIVEN a non-number or out-of-range number THEN it is refused', () => {
    expect(errorOf('/tips count:three')).toBe('count must be a whole number, not "three".');
    expect(errorOf('/tips count:2.5')).toBe('count must be a whole number, not "2.5".');
    expect(errorOf('/tips count:9')).toBe('count must be at most 5.');
    expect(errorOf('/tips weight:heavy')).toBe('weight must be a number, not "heavy".');
  });
});

describe('parseCommandLine: command sources', () => {
  it('GIVEN commands fetched from Discord (APIApplicationCommand) THEN they are accepted and non-slash ones ignored', () => {
    const fetched: APIApplicationCommand[] = [
      {
        id: '1',
        application_id: '2',
        version: '3',
        default_member_permissions: null,
        type: ApplicationCommandType.ChatInput,
        name: 'reflect',
        description: 'A reflection question',
        options: [{ type: ApplicationCommandOptionType.Boolean, name: 'share', description: 'Post publicly' }],
      },
      {
        id: '4',
        application_id: '2',
        version: '3',
        default_member_permissions: null,
        type: ApplicationCommandType.User,
        name: 'hug',
        description: '',
      },
    ];
    expect(parseCommandLine('/reflect share:yes', fetched)).toEqual({
      ok: true,
      command: 'reflect',
      options: { share: true },
    });
    const result = parseCommandLine('/hug', fetched);
    expect(result).toEqual({ ok: false, error: 'Unknown command "/hug". Available commands: /reflect.' });
  });
});
