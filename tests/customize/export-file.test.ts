import { describe, expect, it } from 'vitest';
import { readExportFile } from '../../src/customize/export-file.ts';

const themes = new Set(['trust']);
const HERE = '200000000000000002';
const file = (smallwins: unknown[], more: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'reconnect-server-content', version: 1, smallwins, ...more });
const entry = (settings: Record<string, unknown> = {}) => ({
  channelId: '300000000000000003',
  time: '09:00',
  zone: 'Europe/London',
  roleId: null,
  thread: false,
  ...settings,
});

describe("the export file's /smallwins settings", () => {
  it('GIVEN what an export writes THEN each channel reads as /smallwins enable would store it, for the importing server', () => {
    const read = readExportFile(
      file([
        entry({ roleId: '400000000000000004', thread: true, days: [5, 1, 3], pin: true, pinnedMessageId: '9' }),
        entry({ channelId: '300000000000000005', time: '9:30pm', zone: 'europe/paris', days: [1, 2, 3, 4, 5, 6, 7] }),
      ]),
      themes,
      HERE,
    );
    expect(read).toMatchObject({
      ok: true,
      smallwins: [
        {
          guildId: HERE,
          channelId: '300000000000000003',
          time: '09:00',
          zone: 'Europe/London',
          roleId: '400000000000000004',
          thread: true,
          days: [1, 3, 5],
          pin: true,
        },
        // Every day is stored as no days; an old file's pinned message is never taken over.
        { channelId: '300000000000000005', time: '21:30', zone: 'Europe/Paris', days: undefined, pin: false },
      ],
    });
    expect(read.ok && read.smallwins[0]).not.toHaveProperty('pinnedMessageId');
  });

  it('GIVEN days as a moderator types them and settings left out THEN the command’s defaults apply', () => {
    const read = readExportFile(
      file([{ channelId: '300000000000000003', time: '7am', zone: 'UTC', days: 'Mon, wed' }]),
      themes,
      HERE,
    );
    expect(read).toMatchObject({
      ok: true,
      smallwins: [{ time: '07:00', zone: 'UTC', roleId: null, thread: false, days: [1, 3], pin: false }],
    });
  });

  it('GIVEN settings /smallwins enable refuses THEN each is named by entry and setting, and nothing is read', () => {
    const read = readExportFile(
      file(
        [
          entry(),
          entry({ channelId: '300000000000000006', time: '25:00', zone: 'Mars/Olympus' }),
          entry({ channelId: '300000000000000007', zone: 'EST', days: [0, 8] }),
          entry({ channelId: '300000000000000008', roleId: HERE, thread: 'yes', colour: 'red' }),
          entry(),
          { channelId: 42, time: '09:00' },
        ],
        { prompts: [{ text: 'A good prompt.' }] },
      ),
      themes,
      HERE,
    );
    expect(read).toEqual({
      ok: false,
      bad: [
        { at: 'smallwins[2].time', problem: 'bad-time', detail: '25:00' },
        { at: 'smallwins[2].zone', problem: 'bad-zone', detail: 'Mars/Olympus' },
        { at: 'smallwins[3].zone', problem: 'legacy-zone', detail: 'EST' },
        { at: 'smallwins[3].days', problem: 'bad-days' },
        { at: 'smallwins[4].colour', problem: 'unknown-setting' },
        { at: 'smallwins[4].thread', problem: 'wrong-type' },
        { at: 'smallwins[5].channelId', problem: 'same-channel', detail: 'smallwins[1]' },
        { at: 'smallwins[6].channelId', problem: 'wrong-type' },
        { at: 'smallwins[6].zone', problem: 'required' },
      ],
    });
  });

  it('GIVEN @everyone of the importing server as the role THEN it is refused, as enable refuses it', () => {
    const read = readExportFile(file([entry({ roleId: HERE })]), themes, HERE);
    expect(read).toEqual({ ok: false, bad: [{ at: 'smallwins[1].roleId', problem: 'everyone-role' }] });
    // The exporting server's own role id is only a role there: left to the import to find missing.
    expect(readExportFile(file([entry({ roleId: HERE })]), themes, '500000000000000005').ok).toBe(true);
  });
});
