import { join } from 'node:path';
import {
  ButtonStyle,
  ComponentType,
  type APIButtonComponentWithCustomId,
  type APIStringSelectComponent,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/content-pack.ts';
import { drawQuestion } from '../../src/content/question-draw.ts';
import { resolveSection, sectionChoices } from '../../src/content/section-search.ts';
import { resolveTip, tipChoices } from '../../src/content/tip-search.ts';
import { decodeCustomId } from '../../src/discord/custom-ids.ts';
import { UserError } from '../../src/discord/errors.ts';
import { aboutReply } from '../../src/replies/about.ts';
import { articleContentsReply, articleSectionReply } from '../../src/replies/article.ts';
import { reflectReply } from '../../src/replies/reflect.ts';
import type { Reply } from '../../src/replies/reply-payload.ts';
import { tipReply, tipsOverviewReply } from '../../src/replies/tips.ts';

const content = loadContent(join(import.meta.dirname, '../fixtures/content-min'));

function buttons(reply: Reply): APIButtonComponentWithCustomId[] {
  return reply.components
    .flatMap((row) => row.components)
    .filter((c) => c.type === ComponentType.Button) as APIButtonComponentWithCustomId[];
}

/** A deterministic random source: cycles through the given values. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('/article replies', () => {
  it('GIVEN no section THEN the contents list every section and a menu opens each by id', () => {
    const reply = articleContentsReply(content, { ephemeral: true });
    const description = reply.embeds[0]!.description!;
    expect(description).toContain('**1. Starting again**\nWhy it is worth trying.');
    expect(description).toContain('**3. A final thought**');
    const menu = reply.components[0]!.components[0] as APIStringSelectComponent;
    expect(menu.type).toBe(ComponentType.StringSelect);
    expect(menu.options.map((o) => o.value)).toEqual(['start', 'rebuilding-trust', 'final-thought']);
    expect(decodeCustomId(menu.custom_id)).toEqual({ kind: 'article-open' });
    expect(reply.ephemeral).toBe(true);
  });

  it('GIVEN a middle section THEN Previous and Next point at its neighbours', () => {
    const reply = articleSectionReply(content, 'rebuilding-trust', { ephemeral: false });
    expect(reply.embeds[0]!.title).toBe('2. Rebuilding trust');
    expect(reply.embeds[0]!.footer!.text).toContain('Section 2 of 3');
    const [previous, contents, next] = buttons(reply);
    expect(decodeCustomId(previous!.custom_id)).toEqual({ kind: 'article-go', sectionId: 'start' });
    expect(decodeCustomId(contents!.custom_id)).toEqual({ kind: 'article-contents' });
    expect(decodeCustomId(next!.custom_id)).toEqual({ kind: 'article-go', sectionId: 'final-thought' });
    expect(reply.ephemeral).toBe(false);
  });

  it('GIVEN the first and last sections THEN the button past the end is disabled', () => {
    expect(buttons(articleSectionReply(content, 'start', { ephemeral: true }))[0]!.disabled).toBe(true);
    const last = buttons(articleSectionReply(content, 'final-thought', { ephemeral: true }));
    expect(last[2]!.disabled).toBe(true);
    expect(last[0]!.disabled).toBe(false);
    expect(new Set(last.map((b) => b.custom_id)).size).toBe(3);
  });

  it('GIVEN a section id that no longer exists THEN a UserError lists the sections', () => {
    expect(() => articleSectionReply(content, 'gone', { ephemeral: true })).toThrow(
      /no longer exists[\s\S]*2. Rebuilding trust/,
    );
  });

  it('GIVEN a typed word in any case THEN autocomplete finds sections whose title has a word starting with it', () => {
    expect(sectionChoices(content, 'TRUST')).toEqual([{ name: '2. Rebuilding trust', value: 'rebuilding-trust' }]);
    expect(sectionChoices(content, 'fin')).toEqual([{ name: '3. A final thought', value: 'final-thought' }]);
    expect(sectionChoices(content, '').map((c) => c.value)).toEqual(['start', 'rebuilding-trust', 'final-thought']);
    expect(sectionChoices(content, 'zebra')).toEqual([]);
  });

  it('GIVEN a submitted value THEN an id, a title, a number or a unique word resolves; anything else lists the sections', () => {
    expect(resolveSection(content, 'rebuilding-trust').id).toBe('rebuilding-trust');
    expect(resolveSection(content, 'a final THOUGHT').id).toBe('final-thought');
    expect(resolveSection(content, '1').id).toBe('start');
    expect(resolveSection(content, 'trust').id).toBe('rebuilding-trust');
    expect(() => resolveSection(content, 'zebra')).toThrow(UserError);
    expect(() => resolveSection(content, 'zebra')).toThrow(
      /The sections are:\n1. Starting again\n2. Rebuilding trust\n3. A final thought/,
    );
    expect(() => resolveSection(content, 'x'.repeat(500))).toThrow(UserError);
  });

  it('GIVEN a phrase THEN it opens the one section whose title contains it; a phrase in several titles lists those', () => {
    expect(resolveSection(content, 'FINAL thought').id).toBe('final-thought');
    expect(resolveSection(content, 'ing ag').id).toBe('start');
    expect(resolveSection(content, '3. A final thought').id).toBe('final-thought');
    expect(() => resolveSection(content, 'ing')).toThrow(
      /"ing" matches more than one section:\n1. Starting again\n2. Rebuilding trust\nUse its number/,
    );
  });
});

describe('/reflect draws', () => {
  it('GIVEN a theme THEN only that theme is drawn, and not twice before its pool is exhausted', () => {
    let seen: string[] = [];
    const drawn: string[] = [];
    for (let i = 0; i < 2; i++) {
      const draw = drawQuestion(content, 'trust', seen, sequence(0));
      drawn.push(draw.question.id);
      seen = draw.seen;
    }
    expect(drawn.sort()).toEqual(['q-trust-01', 'q-trust-02']);
  });

  it('GIVEN the whole pool seen THEN the pool starts over without repeating the last question shown', () => {
    const draw = drawQuestion(content, 'trust', ['q-patience-01', 'q-trust-01', 'q-trust-02'], sequence(0));
    expect(draw.question.id).toBe('q-trust-01');
    expect(draw.seen).toEqual(['q-patience-01', 'q-trust-01']);
  });

  it('GIVEN any theme THEN the history spans every question and ids no longer in the pack are dropped', () => {
    const draw = drawQuestion(content, null, ['removed-question', 'q-trust-01', 'q-trust-02'], sequence(0.99));
    expect(draw.question.id).toBe('q-patience-01');
    expect(draw.seen).toEqual(['q-trust-01', 'q-trust-02', 'q-patience-01']);
  });

  it('GIVEN an unknown theme THEN a UserError names the real themes', () => {
    expect(() => drawQuestion(content, 'hope', [], Math.random)).toThrow(/no theme "hope". Themes: Trust, Patience/);
  });

  it('GIVEN a question THEN the reply shows it with its theme and an "Another question" button for the same pool', () => {
    const reply = reflectReply(content, content.questions[0]!, { themeId: 'trust', ephemeral: true });
    expect(reply.embeds[0]!.description).toBe('What small promise could you keep this week?');
    expect(reply.embeds[0]!.footer!.text).toMatch(/^Theme: Trust/);
    const [another] = buttons(reply);
    expect(another!.label).toBe('Another question');
    expect(another!.style).toBe(ButtonStyle.Secondary);
    expect(decodeCustomId(another!.custom_id)).toEqual({ kind: 'reflect-next', themeId: 'trust' });
    const any = buttons(reflectReply(content, content.questions[0]!, { themeId: null, ephemeral: true }));
    expect(decodeCustomId(any[0]!.custom_id)).toEqual({ kind: 'reflect-next', themeId: null });
  });
});

describe('/tips and /about replies', () => {
  it('GIVEN no tip THEN every tip appears in its short form', () => {
    const embed = tipsOverviewReply(content, { ephemeral: true }).embeds[0]!;
    expect(embed.fields).toEqual([
      { name: '1. Be patient', value: 'Healing runs on its own clock.' },
      { name: '2. Find support', value: 'You do not have to do this alone.' },
    ]);
  });

  it('GIVEN the support tip THEN its long form is followed by the support note', () => {
    const embed = tipReply(content, 'support', { ephemeral: false }).embeds[0]!;
    expect(embed.title).toBe('Find support');
    expect(embed.description).toContain('A counsellor or mediator can help');
    expect(embed.description).toContain('**Where to find support**\nTalking with a counsellor can help.');
  });

  it('GIVEN another tip THEN only its long form is shown', () => {
    const embed = tipReply(content, 'patience', { ephemeral: true }).embeds[0]!;
    expect(embed.description).toBe('Give it time. Nobody has to hurry, and nobody has to be first.');
  });

  it('GIVEN a typed tip THEN its number, id, title or a phrase of it resolves; anything else lists the numbered tips', () => {
    expect(resolveTip(content, '2').id).toBe('support');
    expect(resolveTip(content, ' patience ').id).toBe('patience');
    expect(resolveTip(content, 'be PATIENT').id).toBe('patience');
    expect(resolveTip(content, 'support').id).toBe('support');
    expect(resolveTip(content, 'find').id).toBe('support');
    expect(() => resolveTip(content, 'i')).toThrow(/matches more than one tip:\n1. Be patient\n2. Find support/);
    expect(() => resolveTip(content, '3')).toThrow(
      /There is no tip "3". The tips are:\n1. Be patient\n2. Find support/,
    );
    expect(tipChoices(content, '2')).toEqual([{ name: '2. Find support', value: 'support' }]);
    expect(tipChoices(content, '').map((c) => c.value)).toEqual(['patience', 'support']);
  });

  it('GIVEN an unknown tip THEN a UserError lists the tips', () => {
    expect(() => tipReply(content, 'nope', { ephemeral: true })).toThrow(/Tips: Be patient, Find support/);
  });

  it('GIVEN /about THEN it is private, lists the commands and carries the support note', () => {
    const reply = aboutReply(content);
    expect(reply.ephemeral).toBe(true);
    for (const name of ['/article', '/reflect', '/tips', '/about'])
      expect(reply.embeds[0]!.description).toContain(name);
    expect(reply.embeds[1]).toMatchObject({ title: 'Where to find support' });
  });
});

describe('custom ids', () => {
  // The router answers a refused id with a clear message: tests/e2e/commands.test.ts, "safety".
  it('GIVEN ids this bot did not make THEN each is refused', () => {
    for (const id of [
      '',
      'art:go:',
      'art:go:Bad Id',
      'rfl:next:',
      'xyz',
      `art:go:${'a'.repeat(120)}`,
      'art:none:prev',
      'art:menu:extra',
    ]) {
      expect(decodeCustomId(id), id).toBeNull();
    }
  });
});
