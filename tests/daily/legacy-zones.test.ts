import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { legacyZone, suggestZones } from '../../src/daily/legacy-zones.ts';
import { resolveZone } from '../../src/daily/zones.ts';
import { legacyZoneMessage } from '../../src/replies/smallwins.ts';

const { strings } = loadContent(DEFAULT_CONTENT_DIR);

const summer = new Date('2026-07-01T12:00:00Z');

describe('legacyZone', () => {
  it.each([
    ['EST', 'America/New_York', 'America/Panama', 'UTC-05:00 all year, with no daylight saving'],
    ['est', 'America/New_York', 'America/Panama', 'UTC-05:00 all year, with no daylight saving'],
    ['MST', 'America/Denver', 'America/Phoenix', 'UTC-07:00 all year, with no daylight saving'],
    ['HST', 'Pacific/Honolulu', 'Pacific/Honolulu', 'UTC-10:00 all year, with no daylight saving'],
    ['EST5EDT', 'America/New_York', 'America/New_York', 'UTC-05:00, and UTC-04:00 in summer'],
    ['PST8PDT', 'America/Los_Angeles', 'America/Los_Angeles', 'UTC-08:00, and UTC-07:00 in summer'],
    ['CET', 'Europe/Paris', 'Europe/Brussels', 'UTC+01:00, and UTC+02:00 in summer'],
    ['GMT', 'Europe/London', 'UTC', 'UTC+00:00 all year, with no daylight saving'],
  ])('GIVEN %j THEN it names what it stands for and suggests %j first', (input, first, linksTo, offsets) => {
    const legacy = legacyZone(input, summer)!;
    expect(legacy).not.toBeNull();
    expect(legacy.suggestions[0]).toBe(first);
    expect(legacy.linksTo).toBe(linksTo);
    expect(legacyZoneMessage(strings, legacy)).toContain(`it means ${offsets} (the zone ${linksTo})`);
  });

  it('GIVEN EST THEN America/Panama is offered for whoever really wants UTC-05:00 all year', () => {
    expect(legacyZone('EST')?.sameAllYear).toBe('America/Panama');
    expect(legacyZone('CET')?.sameAllYear).toBeNull();
    expect(legacyZone('Etc/GMT+5')?.sameAllYear).toBeNull();
  });

  it('GIVEN an abbreviation ICU does not know (EDT, AEST) THEN it still names it and suggests the city zone', () => {
    expect(legacyZone('EDT')).toMatchObject({ linksTo: null, suggestions: ['America/New_York', 'America/Toronto'] });
    expect(legacyZoneMessage(strings, legacyZone('EDT')!)).toMatch(
      /^"EDT" \(Eastern Daylight Time\) is an abbreviation, not a time zone/,
    );
    expect(legacyZone('aest')?.suggestions[0]).toBe('Australia/Sydney');
  });

  it("GIVEN IANA's fixed-offset Etc/GMT+5 THEN it says UTC-05:00 (the sign is reversed) and suggests city zones at that offset all year", () => {
    const legacy = legacyZone('Etc/GMT+5', summer)!;
    expect(legacyZoneMessage(strings, legacy)).toContain('it means UTC-05:00 all year, with no daylight saving.');
    expect(legacy.suggestions.length).toBeGreaterThan(0);
    for (const zone of legacy.suggestions) expect(legacyZone(zone)).toBeNull();
  });

  it.each([
    ['UTC'],
    ['utc'],
    ['Etc/UTC'],
    ['Zulu'],
    ['Europe/London'],
    ['America/Panama'],
    ['US/Eastern'],
    ['Asia/Kolkata'],
    ['Mars/Olympus'],
    ['London'],
  ])('GIVEN %j, a city zone, UTC or no zone at all THEN it is not legacy', (input) => {
    expect(legacyZone(input)).toBeNull();
  });

  it('GIVEN any legacy name THEN every suggestion is a city zone the bot accepts as it is', () => {
    for (const input of [
      'EST',
      'MST',
      'HST',
      'EST5EDT',
      'CST6CDT',
      'MST7MDT',
      'PST8PDT',
      'CET',
      'MET',
      'EET',
      'WET',
      'GMT',
      'BST',
      'IST',
      'Japan',
      'Etc/GMT-14',
      'SystemV/EST5',
    ]) {
      const legacy = legacyZone(input);
      expect(legacy, input).not.toBeNull();
      expect(legacy!.suggestions.length, input).toBeGreaterThan(0);
      for (const zone of legacy!.suggestions) {
        expect(resolveZone(zone), `${input} → ${zone}`).toBe(zone);
        expect(legacyZone(zone), `${input} → ${zone}`).toBeNull();
      }
    }
  });
});

describe('suggestZones (autocomplete)', () => {
  it('GIVEN a legacy abbreviation THEN the usual city zones come first', () => {
    expect(suggestZones('EST')[0]).toBe('America/New_York');
    expect(suggestZones('est5edt')[0]).toBe('America/New_York');
    expect(suggestZones('pst')[0]).toBe('America/Los_Angeles');
    expect(suggestZones('CET').slice(0, 3)).toEqual(['Europe/Paris', 'Europe/Berlin', 'Europe/Madrid']);
  });

  it('GIVEN a city THEN it finds it as before, and never offers a legacy name', () => {
    expect(suggestZones('london')[0]).toBe('Europe/London');
    expect(suggestZones('')[0]).toBe('UTC');
    for (const q of ['est', 'gmt', 'e', 'ist', 'japan'])
      for (const zone of suggestZones(q)) expect(legacyZone(zone), `${q} → ${zone}`).toBeNull();
    expect(suggestZones('a', 5)).toHaveLength(5);
  });
});
