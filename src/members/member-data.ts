/**
 * src/members/: what the bot keeps about each member, in one place. Every kind of record
 * that holds a member's user id (reflection histories, preferences, suggestions, the
 * author links of anonymous shares…) registers here as a {@link MemberRecordKind}, so
 * /mydata shows, exports and erases all of them, and the privacy test checks that
 * nothing in the store holds a user id without being listed. The kinds themselves live
 * where their records are kept (src/storage/ registers its own at open); this folder
 * knows no table or key.
 */

/** What one kind of record holds about a member, in plain facts and never their content. */
export interface MemberRecordSummary {
  /** The kind's stable id, as in {@link MemberRecordKind.kind}. */
  kind: string;
  /** How many items are kept (questions seen, suggestions pending…); 0 when none. */
  count: number;
  /** When the records are deleted on their own (ms since the epoch), for kinds that expire. */
  expiresAt?: number;
  /** Further plain facts a reply may show (which themes are left out…); never text a member wrote. */
  details?: Record<string, string | number | boolean | string[]>;
}

/**
 * One kind of record about a member. `kind` is a short kebab-case id (`reflect-history`,
 * `preferences`); the wording that describes it lives in content/strings.yaml under
 * `mydata.kinds.<kind>`.
 */
export interface MemberRecordKind {
  readonly kind: string;
  /**
   * Where these records are kept, for the privacy test that reads the whole store:
   * `table:<name>` for a SQL table, `keyv:<key prefix>` for key-value records.
   */
  readonly locations: readonly string[];
  /** What is kept about the member, without content. */
  describe(userId: string): Promise<MemberRecordSummary>;
  /** Everything kept about the member, as JSON-serialisable data (their own copy, content included). */
  export(userId: string): Promise<unknown>;
  /** Deletes everything of this kind about the member; resolves with how many items went. */
  erase(userId: string): Promise<number>;
}

/** What erasing one kind removed. */
export interface ErasedKind {
  kind: string;
  erased: number;
}

/**
 * Every kind of record about a member, in the order they were registered. The store
 * registers its kinds when it opens; a feature that keeps more registers its own.
 */
export class MemberDataRegistry {
  private readonly registered = new Map<string, MemberRecordKind>();

  /** Adds a kind; a second kind with the same id is a bug and throws. */
  register(kind: MemberRecordKind): void {
    if (this.registered.has(kind.kind)) throw new Error(`member record kind "${kind.kind}" is registered twice`);
    this.registered.set(kind.kind, kind);
  }

  /** Every registered kind. */
  kinds(): MemberRecordKind[] {
    return [...this.registered.values()];
  }

  /** What each kind holds about the member (kinds holding nothing included, with count 0). */
  describe(userId: string): Promise<MemberRecordSummary[]> {
    return Promise.all(this.kinds().map((k) => k.describe(userId)));
  }

  /** Everything about the member, by kind, ready for JSON.stringify. */
  async export(userId: string): Promise<Record<string, unknown>> {
    const entries = await Promise.all(this.kinds().map(async (k) => [k.kind, await k.export(userId)] as const));
    return Object.fromEntries(entries);
  }

  /**
   * Erases every kind about the member. Each kind is tried even when another fails; a
   * failure is thrown after the others ran, so nothing is left half-known.
   */
  async erase(userId: string): Promise<ErasedKind[]> {
    const results = await Promise.allSettled(
      this.kinds().map(async (k) => ({ kind: k.kind, erased: await k.erase(userId) })),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<ErasedKind>).value);
  }
}
