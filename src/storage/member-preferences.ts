import type { Knex } from 'knex';
import type { Database } from './database.ts';

/** A member's own choices, the same in every server and DM. */
export interface MemberPreferences {
  /** Theme ids left out of /reflect draws that name no theme. */
  excludedThemes: string[];
  /** Whether heavier sections and questions show a short content note first. */
  contentNotes: boolean;
}

/** What a member who never chose anything gets: every theme, and content notes on. */
export const DEFAULT_PREFERENCES: Readonly<MemberPreferences> = Object.freeze({
  excludedThemes: [],
  contentNotes: true,
});

const PREFERENCES_VERSION = 1;

/** Members' preferences, one row per member (table member_preferences); no row means the defaults. */
export class MemberPreferenceRecords {
  private readonly knex: Knex;

  constructor(
    db: Pick<Database, 'knex'>,
    private readonly now: () => number,
  ) {
    this.knex = db.knex;
  }

  /** The member's stored choices, or undefined when they never chose (or reset). */
  async stored(userId: string): Promise<(MemberPreferences & { updatedAt: number }) | undefined> {
    const row = (await this.knex('member_preferences')
      .select('v', 'excluded_themes', 'content_notes', 'updated_at')
      .where('user_id', userId)
      .first()) as
      { v: number; excluded_themes: string; content_notes: number | boolean; updated_at: number | string } | undefined;
    if (!row || row.v !== PREFERENCES_VERSION) return undefined;
    return {
      excludedThemes: JSON.parse(row.excluded_themes) as string[],
      contentNotes: Boolean(row.content_notes),
      updatedAt: Number(row.updated_at),
    };
  }

  /** The member's choices, or the defaults. */
  async get(userId: string): Promise<MemberPreferences> {
    const stored = await this.stored(userId);
    return stored
      ? { excludedThemes: stored.excludedThemes, contentNotes: stored.contentNotes }
      : { ...DEFAULT_PREFERENCES, excludedThemes: [] };
  }

  /** Replaces the member's choices. */
  async save(userId: string, prefs: MemberPreferences): Promise<void> {
    await this.knex('member_preferences')
      .insert({
        user_id: userId,
        v: PREFERENCES_VERSION,
        excluded_themes: JSON.stringify(prefs.excludedThemes),
        content_notes: prefs.contentNotes ? 1 : 0,
        updated_at: this.now(),
      })
      .onConflict('user_id')
      .merge(['v', 'excluded_themes', 'content_notes', 'updated_at']);
  }

  /** Deletes the member's choices (back to the defaults); resolves with 1 if there were any, else 0. */
  erase(userId: string): Promise<number> {
    return this.knex('member_preferences').where('user_id', userId).delete();
  }
}
