import { openDatabase } from '../../src/storage/database.ts';

/**
 * Moves every open claim in the database at `url` back by `ms` of database time, as if its
 * owner had taken it that long ago and then stopped renewing it (it hung, or was killed).
 * Leases run on the database's clock, which a test cannot move; this is how a test lets
 * a lease run out without waiting for it.
 */
export async function ageClaims(url: string, ms: number): Promise<void> {
  const db = await openDatabase(url);
  try {
    await db.knex('post_log').whereIn('state', ['claimed', 'sending']).decrement('claimed_at', ms);
  } finally {
    await db.close();
  }
}
