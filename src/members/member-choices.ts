/**
 * What the member commands call: a member's preferences read, changed and reset (the
 * rules in preferences.ts, the records in the store), and everything kept about them
 * listed, exported and erased through the store's member-data registry. Nothing here is
 * logged: it is members' data.
 */
import type { ContentPack } from '../content/content-pack.ts';
import type { MemberPreferences, Store } from '../storage/store.ts';
import type { ErasedKind, MemberRecordSummary } from './member-data.ts';
import { checkedExclusion } from './preferences.ts';

type Deps = {
  store: Pick<Store, 'memberPreferences' | 'saveMemberPreferences' | 'resetMemberPreferences' | 'memberData'>;
  content: ContentPack;
};

/** The member's choices, with themes the pack no longer has left out of the answer. */
export async function preferencesOf({ store, content }: Deps, userId: string): Promise<MemberPreferences> {
  const prefs = await store.memberPreferences(userId);
  const known = new Set(content.themes.map((t) => t.id));
  return { ...prefs, excludedThemes: prefs.excludedThemes.filter((id) => known.has(id)) };
}

/** Leaves the chosen themes out of the member's draws (at least one must stay); resolves with the new choices. */
export async function chooseExcludedThemes(
  deps: Deps,
  userId: string,
  chosen: readonly string[],
): Promise<MemberPreferences> {
  const excludedThemes = checkedExclusion(deps.content, chosen);
  const prefs = { ...(await preferencesOf(deps, userId)), excludedThemes };
  await deps.store.saveMemberPreferences(userId, prefs);
  return prefs;
}

/** Turns content notes on or off for the member; resolves with the new choices. */
export async function chooseContentNotes(
  deps: Deps,
  userId: string,
  contentNotes: boolean,
): Promise<MemberPreferences> {
  const prefs = { ...(await preferencesOf(deps, userId)), contentNotes };
  await deps.store.saveMemberPreferences(userId, prefs);
  return prefs;
}

/** Forgets the member's choices; resolves with the defaults that apply again. */
export async function resetPreferences(deps: Deps, userId: string): Promise<MemberPreferences> {
  await deps.store.resetMemberPreferences(userId);
  return preferencesOf(deps, userId);
}

/** What is kept about the member, kind by kind, without content. */
export function describeMemberData({ store }: Pick<Deps, 'store'>, userId: string): Promise<MemberRecordSummary[]> {
  return store.memberData.describe(userId);
}

/** Everything kept about the member, for the JSON file they download. */
export async function exportMemberData({ store }: Pick<Deps, 'store'>, userId: string, now: Date) {
  return { exportedAt: now.toISOString(), userId, records: await store.memberData.export(userId) };
}

/** Erases everything kept about the member, in every server and DM. */
export function eraseMemberData({ store }: Pick<Deps, 'store'>, userId: string): Promise<ErasedKind[]> {
  return store.memberData.erase(userId);
}
