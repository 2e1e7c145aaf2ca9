import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { articleContentsReply, articleSectionReply } from '../../src/replies/article.ts';
import { aboutReply } from '../../src/replies/about.ts';
import { reflectReply } from '../../src/replies/reflect.ts';
import { tipReply, tipsOverviewReply } from '../../src/replies/tips.ts';
import type { Reply } from '../../src/replies/reply-payload.ts';

const pack = loadContent(DEFAULT_CONTENT_DIR);

/** Discord's documented embed limits, measured the way Discord counts them. */
function embedProblems(reply: Reply): string[] {
  const { embedTitle, embedDescription, embedFields, embedFieldValue, embedTotal } = DISCORD_LIMITS;
  const problems: string[] = [];
  let total = 0;
  for (const e of reply.embeds) {
    const parts = [e.title, e.description, e.footer?.text, e.author?.name, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])];
    total += parts.reduce((n, p) => n + (p?.length ?? 0), 0);
    if ((e.title?.length ?? 0) > embedTitle) problems.push(`title > ${embedTitle}`);
    if ((e.description?.length ?? 0) > embedDescription) problems.push(`description > ${embedDescription}`);
    if ((e.fields?.length ?? 0) > embedFields) problems.push(`fields > ${embedFields}`);
    for (const f of e.fields ?? []) if (f.value.length > embedFieldValue) problems.push(`field ${f.name} > ${embedFieldValue}`);
  }
  if (total > embedTotal) problems.push(`embeds total ${total} > ${embedTotal}`);
  return problems;
}

describe('the shipped content pack', () => {
  it('holds the seven sections of the article, in order', () => {
    expect(pack.sections.map((s) => s.order)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('holds at least 60 reflection questions, at least 5 on every theme', () => {
    expect(pack.questions.length).toBeGreaterThanOrEqual(60);
    for (const theme of pack.themes) {
      expect(pack.questions.filter((q) => q.theme === theme.id).length, theme.id).toBeGreaterThanOrEqual(5);
    }
    expect(pack.themes.map((t) => t.id)).toEqual([
      'self-reflection',
      'understanding-separation',
      'vulnerable-dialogue',
      'trust',
      'boundaries',
      'patience',
      'support',
      'new-joy',
      'small-wins',
    ]);
  });

  it('holds at least 90 small-wins prompts: three months without a repeat', () => {
    expect(pack.prompts.length).toBeGreaterThanOrEqual(90);
    expect(new Set(pack.prompts.map((p) => p.text)).size).toBe(pack.prompts.length);
  });

  it('holds the five takeaway tips, the support tip among them, and the support note', () => {
    expect(pack.tips.map((t) => t.id)).toEqual(['self-reflection', 'patience', 'boundaries', 'support', 'new-joy']);
    expect(pack.support.body.length).toBeGreaterThan(100);
  });

  it('fits every reply it can produce within Discord embed limits', () => {
    const replies: Reply[] = [
      articleContentsReply(pack, { ephemeral: true }),
      ...pack.sections.map((s) => articleSectionReply(pack, s.id, { ephemeral: true })),
      ...pack.questions.map((q) => reflectReply(pack, q, { themeId: null, ephemeral: true })),
      tipsOverviewReply(pack, { ephemeral: true }),
      ...pack.tips.map((t) => tipReply(pack, t.id, { ephemeral: true })),
      aboutReply(pack),
    ];
    for (const reply of replies) expect(embedProblems(reply), reply.embeds[0]?.title).toEqual([]);
  });
});
