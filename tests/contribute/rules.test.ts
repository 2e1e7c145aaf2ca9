import { describe, expect, it } from 'vitest';
import { checkText, isDuplicate, senderRef } from '../../src/contribute/rules.ts';
import { plainText } from '../../src/replies/contribute.ts';

describe('contribution rules', () => {
  it('GIVEN texts differing only in case and spaces THEN they are duplicates; different words are not', () => {
    expect(isDuplicate('  Name ONE  kind thing. ', ['name one kind thing.'])).toBe(true);
    expect(isDuplicate('Name two kind things.', ['name one kind thing.'])).toBe(false);
  });

  it('GIVEN a small win of 501 characters THEN it is too long; blank is empty; 500 is taken, trimmed', () => {
    expect(checkText('x'.repeat(501), 'win')).toEqual({ problem: 'too-long', length: 501, max: 500 });
    expect(checkText('   ', 'win')).toEqual({ problem: 'empty' });
    expect(checkText(` ${'x'.repeat(500)} `, 'win')).toEqual({ text: 'x'.repeat(500) });
  });

  it('GIVEN one member in two servers THEN the references differ, and neither contains the id', () => {
    const a = senderRef('salt-a', '123456789012345678');
    const b = senderRef('salt-b', '123456789012345678');
    expect(a).not.toBe(b);
    expect(a).not.toContain('123456789012345678');
    expect(senderRef('salt-a', '123456789012345678')).toBe(a);
  });

  it('GIVEN mention syntax THEN no @ is left that Discord could read as a mention', () => {
    const shown = plainText('hi @everyone <@123> <@&456> @here');
    expect(shown).not.toMatch(/@(?!\u200b)/);
    expect(shown.replaceAll('\u200b', '')).toBe('hi @everyone <@123> <@&456> @here');
  });
});
