import type { Knex } from 'knex';
import type { Database } from './database.ts';
import { databaseNowMs } from './db-time.ts';

/**
 * Where the global request budget is kept: the slots at which requests may go on the
 * wire. Behind an interface so that several processes on one database share one budget
 * (DatabaseSendBudget) and a single process can keep it in memory.
 */
export interface SendBudget {
  /**
   * Reserves `count` consecutive slots `intervalMs` apart, after every slot reserved
   * before (by anyone sharing the budget) and no earlier than now. Resolves with how
   * many ms from now the first slot is.
   */
  reserve(count: number, intervalMs: number): Promise<number>;
  /** No slot starts sooner than `ms` from now: after a 429, everyone sharing the budget waits. */
  pause(ms: number): Promise<void>;
}

/** The larger of two values: SQLite's two-argument MAX is PostgreSQL's GREATEST. */
const GREATEST = { sqlite: 'MAX', postgres: 'GREATEST' } as const;

/**
 * The global request budget of every process on one database: one row, the time of the
 * next free slot. Slots are counted in the database's clock, so processes whose clocks
 * disagree still space their requests; each call is one atomic statement.
 */
export class DatabaseSendBudget implements SendBudget {
  private readonly knex: Knex;

  constructor(private readonly db: Pick<Database, 'knex' | 'dialect'>) {
    this.knex = db.knex;
  }

  async reserve(count: number, intervalMs: number): Promise<number> {
    const { knex } = this;
    const now = databaseNowMs(knex, this.db.dialect);
    // Whole milliseconds: the column is a bigint, and PostgreSQL refuses a fraction for it
    // (1000/47 ms is one). Rounding moves each batch by under half a millisecond.
    const span = Math.round(count * intervalMs);
    // knex types an upsert's returned rows loosely; the assertion names the row.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const rows = (await knex('send_budget')
      .insert({ name: 'global', next_at: knex.raw('? + ?', [now, span]) })
      .onConflict('name')
      .merge({ next_at: knex.raw(`${GREATEST[this.db.dialect]}(??, ?) + ?`, ['send_budget.next_at', now, span]) })
      .returning(knex.raw('?? - ? - ? AS wait', ['next_at', span, now]))) as Array<{ wait: number | string }>;
    return Math.max(0, Number(rows[0]!.wait));
  }

  async pause(ms: number): Promise<void> {
    const { knex } = this;
    await knex('send_budget')
      .insert({ name: 'global', next_at: knex.raw('? + ?', [databaseNowMs(knex, this.db.dialect), ms]) })
      .onConflict('name')
      .merge({
        next_at: knex.raw(`${GREATEST[this.db.dialect]}(??, ??)`, ['send_budget.next_at', 'excluded.next_at']),
      });
  }
}
