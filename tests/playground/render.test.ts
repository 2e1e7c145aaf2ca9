import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIMessageTopLevelComponent,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { renderMessage, wrapText } from '../../playground/render.ts';

// eslint-disable-next-line no-control-regex -- ANSI colour codes are what it matches
const ANSI = /\x1b\[[0-9;]*m/g;
const stripAnsi = (text: string): string => text.replace(ANSI, '');
const lines = (text: string): string[] => text.split('\n');
const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');
/** The words of the rendered text with frame borders removed, in order. */
const shownWords = (text: string): string[] => words(stripAnsi(text).replace(/[│┌┐└┘├┤─═]/g, ' '));

const LONG =
  'Trust is rebuilt in small, consistent actions over weeks and months, not in a single grand gesture. ' +
  'Keep the promises you make, especially the small ones, and say clearly when you cannot keep one.';

function row(...components: APIComponentInMessageActionRow[]): APIActionRowComponent<APIComponentInMessageActionRow> {
  return { type: ComponentType.ActionRow, components };
}

const articleControls: APIMessageTopLevelComponent[] = [
  row({
    type: ComponentType.StringSelect,
    custom_id: 'art:menu',
    placeholder: 'Jump to a section',
    options: [
      { label: 'Opening', value: 'opening', description: 'Why relationships drift' },
      { label: 'Rebuilding trust', value: 'rebuilding-trust', description: 'Small promises, kept', default: true },
    ],
  }),
  row(
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'art:go:opening', label: 'Previous' },
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: 'art:none:next',
      label: 'Next',
      disabled: true,
    },
    { type: ComponentType.Button, style: ButtonStyle.Link, url: 'https://example.org/article', label: 'Read online' },
    { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'art:toc', label: 'Contents' },
  ),
];

describe('renderMessage: plain content', () => {
  it('GIVEN a long content THEN it wraps within the width and keeps every word in order', () => {
    const { text } = renderMessage({ content: LONG }, { width: 40 });
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines(text).length).toBeGreaterThan(1);
    expect(words(text)).toEqual(words(LONG));
  });

  it('GIVEN a word longer than the line THEN only that word is cut, and nothing is lost', () => {
    const long = 'x'.repeat(95);
    const { text } = renderMessage({ content: `before ${long} after` }, { width: 30 });
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(30);
    expect(text.replace(/\s/g, '')).toBe(`before${long}after`);
    expect(lines(text)[0]).toBe('before');
  });

  it('GIVEN no width THEN lines stay within 72 characters', () => {
    const { text } = renderMessage({ content: `${LONG} ${LONG}` });
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(72);
    expect(lines(text).some((line) => line.length > 60)).toBe(true);
  });

  it('GIVEN paragraphs separated by blank lines THEN the paragraph break is kept', () => {
    const { text } = renderMessage({ content: 'First paragraph.\n\n\n\nSecond paragraph.' });
    expect(text).toBe('First paragraph.\n\nSecond paragraph.');
  });

  it('GIVEN Discord markdown THEN markers are stripped without colour', () => {
    const { text } = renderMessage({
      content: 'A **bold** and *italic* and __under__ and ~~gone~~ word, keep snake_case_name',
    });
    expect(text).toBe('A bold and italic and under and gone word, keep snake_case_name');
  });

  it('GIVEN colour THEN bold becomes ANSI bold and the visible text stays within the width', () => {
    const { text } = renderMessage({ content: `**${LONG}**` }, { width: 30, color: true });
    expect(text).toContain('\x1b[1m');
    for (const line of lines(text)) expect(stripAnsi(line).length).toBeLessThanOrEqual(30);
    expect(words(stripAnsi(text))).toEqual(words(LONG));
  });

  it('GIVEN no colour option THEN there is no ANSI escape at all', () => {
    const { text } = renderMessage({
      content: '**hi**',
      embeds: [{ title: 'T', color: 0xff0000 }],
      components: articleControls,
    });
    // eslint-disable-next-line no-control-regex -- no ANSI escape at all
    expect(text).not.toMatch(/\x1b/);
  });

  // Tuesday 14 November 2023 22:13:20 UTC.
  const AT = 1_700_000_000;
  const london = { now: AT * 1000 - 20 * 3_600_000, timeZone: 'Europe/London' };

  it("GIVEN Discord timestamps THEN each style reads as Discord shows it, in the viewer's zone", () => {
    const styles = ['t', 'T', 'd', 'D', 'f', 'F', 's', 'S'].map((s) => `<t:${AT}:${s}>`).join(' | ');
    const { text } = renderMessage({ content: `${styles} | <t:${AT}>` }, { width: 400, viewer: london });
    expect(text).toBe(
      '22:13 | 22:13:20 | 14/11/2023 | 14 November 2023 | 14 November 2023 22:13 | Tuesday, 14 November 2023 22:13 | ' +
        '14/11/2023, 22:13 | 14/11/2023, 22:13:20 | 14 November 2023 22:13',
    );
    const tokyo = renderMessage({ content: `<t:${AT}:F>` }, { viewer: { ...london, timeZone: 'Asia/Tokyo' } }).text;
    expect(tokyo).toBe('Wednesday, 15 November 2023 07:13');
  });

  it('GIVEN a relative timestamp THEN it counts from the viewer\'s clock, as "in 20 hours" or "3 days ago"', () => {
    const relative = (now: number) =>
      renderMessage({ content: `<t:${AT}:R>` }, { viewer: { now, timeZone: 'UTC' } }).text;
    const at = AT * 1000;
    expect(relative(at - 20 * 3_600_000)).toBe('in 20 hours');
    expect(relative(at - 10_000)).toBe('in a few seconds');
    expect(relative(at - 30 * 60_000)).toBe('in 30 minutes');
    expect(relative(at - 60 * 60_000)).toBe('in an hour');
    expect(relative(at - 23 * 3_600_000)).toBe('in a day');
    expect(relative(at - 36 * 3_600_000)).toBe('in 2 days');
    expect(relative(at + 3 * 86_400_000)).toBe('3 days ago');
    expect(relative(at + 40 * 86_400_000)).toBe('a month ago');
    expect(relative(at + 100 * 86_400_000)).toBe('3 months ago');
    expect(relative(at - 400 * 86_400_000)).toBe('in a year');
    expect(relative(at + 800 * 86_400_000)).toBe('2 years ago');
  });

  it("GIVEN mentions and the server's names THEN they read as #channel, @Role and @user, as in Discord", () => {
    const names = {
      channel: (id: string) => ({ '456': 'small-wins' })[id],
      role: (id: string) => ({ '789': 'Wins Crew', '100': '@everyone' })[id],
      user: (id: string) => ({ '123': 'you', '124': 'alex' })[id],
    };
    const { text } = renderMessage(
      { content: 'Hi <@123> and <@!124>, see <#456> with <@&789> and <@&100>' },
      { names },
    );
    expect(text).toBe('Hi @you and @alex, see #small-wins with @Wins Crew and @everyone');
  });

  it('GIVEN mentions of things it cannot name THEN they read as Discord shows them, never as ids', () => {
    const { text } = renderMessage({ content: 'See <#456>, <@&789> and <@123>' });
    expect(text).toBe('See #unknown-channel, @deleted-role and @unknown-user');
    expect(text).not.toMatch(/\d/);
  });

  it('GIVEN an empty message THEN it says so rather than printing nothing', () => {
    expect(renderMessage({}).text).toBe('(empty message)');
  });
});

describe('renderMessage: ephemeral marker', () => {
  it('GIVEN the ephemeral flag (64) THEN the first line says only you can see it', () => {
    const { text } = renderMessage({ content: 'Secret', flags: 64 });
    expect(lines(text)).toEqual(['(only you can see this)', 'Secret']);
  });

  it('GIVEN ephemeral: true THEN the marker is shown too', () => {
    expect(lines(renderMessage({ content: 'Secret', ephemeral: true }).text)[0]).toBe('(only you can see this)');
  });

  it('GIVEN a public message or other flags THEN there is no marker', () => {
    expect(renderMessage({ content: 'Hello', flags: 4 }).text).toBe('Hello');
  });
});

describe('renderMessage: embeds', () => {
  const embed: APIEmbed = {
    title: 'Rebuilding trust',
    description: `### Why it matters\n${LONG}\n\n- ${LONG}\n- Say sorry without a **but**`,
    fields: [
      { name: 'Question', value: 'What promise could you keep this week?' },
      { name: 'Tip', value: 'Start small.', inline: true },
    ],
    footer: { text: 'Section 2 of 7' },
    timestamp: '2024-03-05T10:20:00.000Z',
  };

  it('GIVEN an embed THEN it is framed with box drawing exactly the width wide', () => {
    const { text } = renderMessage({ embeds: [embed] }, { width: 50 });
    const all = lines(text);
    expect(all[0]).toBe(`┌${'─'.repeat(48)}┐`);
    expect(all[all.length - 1]).toBe(`└${'─'.repeat(48)}┘`);
    for (const line of all) {
      expect(line.length).toBe(50);
      expect(line).toMatch(/^[│┌└├].*[│┐┘┤]$/);
    }
  });

  it('GIVEN a long description THEN it wraps inside the frame and keeps every word', () => {
    const { text } = renderMessage({ embeds: [{ description: LONG }] }, { width: 44 });
    expect(lines(text).length).toBeGreaterThan(4);
    expect(shownWords(text)).toEqual(words(LONG));
  });

  it("GIVEN an embed timestamp THEN the footer says Today or Yesterday at the viewer's local time, as Discord does", () => {
    const footer = (now: string, timeZone = 'UTC') =>
      lines(
        renderMessage(
          { embeds: [{ footer: { text: 'Small wins' }, timestamp: '2024-03-05T10:20:00.000Z' }] },
          { width: 50, viewer: { now: Date.parse(now), timeZone } },
        ).text,
      ).find((l) => l.includes('Small wins'));
    expect(footer('2024-03-05T23:00:00Z')).toContain('Small wins · Today at 10:20');
    expect(footer('2024-03-06T08:00:00Z', 'America/New_York')).toContain('Small wins · Yesterday at 05:20');
    expect(footer('2024-03-09T08:00:00Z')).toContain('Small wins · 05/03/2024 10:20');
  });

  it('GIVEN a title, heading, bullets, fields, footer and timestamp THEN each is shown in that order', () => {
    const { text } = renderMessage({ embeds: [embed] }, { width: 50 });
    const order = [
      'Rebuilding trust',
      'Why it matters',
      '• Trust is rebuilt',
      '• Say sorry without a but',
      'Question',
      'What promise',
      'Tip',
      'Start small.',
      'Section 2 of 7 · 05/03/2024 10:20',
    ];
    let from = 0;
    for (const part of order) {
      const at = text.indexOf(part, from);
      expect(at, part).toBeGreaterThanOrEqual(0);
      from = at;
    }
  });

  it('GIVEN a footer THEN a separator line comes right before it', () => {
    const all = lines(renderMessage({ embeds: [embed] }, { width: 50 }).text);
    const footerAt = all.findIndex((line) => line.includes('Section 2 of 7'));
    expect(all[footerAt - 1]).toBe(`├${'─'.repeat(48)}┤`);
  });

  it('GIVEN a long bullet THEN its continuation lines hang under the text, not the bullet', () => {
    const all = lines(renderMessage({ embeds: [{ description: `- ${LONG}` }] }, { width: 40 }).text);
    const body = all.slice(1, -1).map((line) => line.slice(2, -2).trimEnd());
    expect(body[0]).toMatch(/^• Trust/);
    expect(body.length).toBeGreaterThan(2);
    for (const continuation of body.slice(1)) expect(continuation).toMatch(/^ {2}\S/);
  });

  it('GIVEN a heading THEN it is underlined on its own line', () => {
    const all = lines(renderMessage({ embeds: [{ description: '### Small wins\nText' }] }, { width: 40 }).text);
    const at = all.findIndex((line) => line.includes('Small wins'));
    expect(all[at + 1]).toContain('─'.repeat('Small wins'.length));
    expect(all[at]).not.toContain('###');
  });

  it('GIVEN colour and an embed colour THEN the frame is painted in it and widths stay exact', () => {
    const { text } = renderMessage({ embeds: [{ ...embed, color: 0x5865f2 }] }, { width: 50, color: true });
    expect(text).toContain('\x1b[38;2;88;101;242m');
    for (const line of lines(text)) expect(stripAnsi(line).length).toBe(50);
  });

  it('GIVEN content and two embeds THEN the content comes first and each embed gets its own frame', () => {
    const { text } = renderMessage({ content: 'Hello', embeds: [{ title: 'One' }, { title: 'Two' }] }, { width: 30 });
    expect(lines(text)[0]).toBe('Hello');
    expect(text.match(/┌/g)).toHaveLength(2);
    expect(text.indexOf('One')).toBeLessThan(text.indexOf('Two'));
  });
});

describe('renderMessage: buttons and select menus', () => {
  it('GIVEN a select menu and a row of buttons THEN options and buttons are numbered in one sequence', () => {
    const { text } = renderMessage({ components: articleControls }, { width: 72 });
    expect(text).toBe(
      [
        '▾ Jump to a section',
        '  [1] Opening — Why relationships drift',
        '  [2] Rebuilding trust — Small promises, kept (selected)',
        '[3] Previous  [4] Next (disabled)',
        '↗ Read online (https://example.org/article)  [5] Contents',
      ].join('\n'),
    );
  });

  it('GIVEN those components THEN actions hold each number with its custom id, value and disabled state', () => {
    const { actions } = renderMessage({ components: articleControls });
    expect(actions).toEqual([
      { n: 1, kind: 'select-option', customId: 'art:menu', label: 'Opening', value: 'opening', disabled: false },
      {
        n: 2,
        kind: 'select-option',
        customId: 'art:menu',
        label: 'Rebuilding trust',
        value: 'rebuilding-trust',
        disabled: false,
      },
      { n: 3, kind: 'button', customId: 'art:go:opening', label: 'Previous', disabled: false },
      { n: 4, kind: 'button', customId: 'art:none:next', label: 'Next', disabled: true },
      { n: 5, kind: 'button', customId: 'art:toc', label: 'Contents', disabled: false },
    ]);
  });

  it('GIVEN a link button THEN it shows its URL and takes no number', () => {
    const { text, actions } = renderMessage({
      components: [
        row({ type: ComponentType.Button, style: ButtonStyle.Link, url: 'https://example.org', label: 'Open' }),
      ],
    });
    expect(text).toBe('↗ Open (https://example.org)');
    expect(actions).toEqual([]);
  });

  it('GIVEN firstActionNumber THEN numbering starts there', () => {
    const { text, actions } = renderMessage({ components: articleControls }, { firstActionNumber: 7 });
    expect(text).toContain('[7] Opening');
    expect(text).toContain('[11] Contents');
    expect(actions.map((a) => a.n)).toEqual([7, 8, 9, 10, 11]);
  });

  it('GIVEN buttons wider than the line THEN they flow onto more lines without splitting a button', () => {
    const labels = ['Another question', 'Share publicly', 'Contents', 'Next section'];
    const { text } = renderMessage(
      {
        components: [
          row(
            ...labels.map((label, i) => ({
              type: ComponentType.Button as const,
              style: ButtonStyle.Secondary as const,
              custom_id: `b${i}`,
              label,
            })),
          ),
        ],
      },
      { width: 30 },
    );
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(30);
    labels.forEach((label, i) => expect(text).toContain(`[${i + 1}] ${label}`));
  });

  it('GIVEN a long option description THEN it wraps with a hanging indent under the label', () => {
    const { text } = renderMessage(
      {
        components: [
          row({
            type: ComponentType.StringSelect,
            custom_id: 'art:menu',
            options: [
              {
                label: 'Opening',
                value: 'opening',
                description: 'Why relationships drift apart and what you can do about it',
              },
            ],
          }),
        ],
      },
      { width: 36 },
    );
    const all = lines(text);
    expect(all[0]).toBe('▾ Choose an option');
    expect(all[1]).toMatch(/^ {2}\[1\] Opening — /);
    for (const line of all.slice(2)) expect(line).toMatch(/^ {6}\S/);
    for (const line of all) expect(line.length).toBeLessThanOrEqual(36);
  });

  it('GIVEN a disabled select menu THEN the menu says so and its options are disabled actions', () => {
    const { text, actions } = renderMessage({
      components: [
        row({
          type: ComponentType.StringSelect,
          custom_id: 'm',
          placeholder: 'Pick',
          disabled: true,
          options: [{ label: 'A', value: 'a' }],
        }),
      ],
    });
    expect(text).toContain('▾ Pick (disabled)');
    expect(actions).toEqual([{ n: 1, kind: 'select-option', customId: 'm', label: 'A', value: 'a', disabled: true }]);
  });

  it('GIVEN an embed and components THEN the components come after the embed', () => {
    const { text } = renderMessage({ embeds: [{ title: 'Opening' }], components: articleControls }, { width: 40 });
    expect(text.indexOf('└')).toBeLessThan(text.indexOf('[1]'));
  });

  it('GIVEN a container with text and a button THEN the text is framed and the button numbered', () => {
    const { text, actions } = renderMessage(
      {
        components: [
          {
            type: ComponentType.Container,
            components: [
              { type: ComponentType.TextDisplay, content: '## Small wins' },
              row({ type: ComponentType.Button, style: ButtonStyle.Success, custom_id: 'sw:done', label: 'Done' }),
            ],
          },
        ],
      },
      { width: 30 },
    );
    expect(text).toContain('Small wins');
    expect(text).toContain('[1] Done');
    for (const line of lines(text)) expect(line.length).toBe(30);
    expect(actions).toEqual([{ n: 1, kind: 'button', customId: 'sw:done', label: 'Done', disabled: false }]);
  });
});

describe("wrapText: the playground's own lines", () => {
  it('GIVEN a long error THEN it wraps at word boundaries within the width and keeps every word', () => {
    const error =
      'Unknown option "colour" for /smallwins enable. Options of /smallwins enable: channel, time, timezone, role, thread.';
    const text = wrapText(error, 40, '  ');
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(40);
    expect(words(text)).toEqual(words(error));
    // No word was cut in two: every line ends at a word boundary of the original.
    for (const line of lines(text)) expect(error).toContain(line.trim());
    expect(lines(text)[1]).toMatch(/^ {2}\S/);
  });
});
