import type { Knex } from 'knex';
import type { Database } from './database.ts';
import { databaseNowMs } from './db-time.ts';

/** Slots reserved from a budget, in the budget's own clock (epoch ms). */
export interface Reservation {
  /** When the first of the slots begins. */
  firstAt: number;
  /** The budget's clock when it made the reservation: with the round trip, where its clock stands. */
  now: number;
}

/**
 * Where the global request budget is kept: the slots at which requests may go on the
 * wire. Behind an interface so that several processes on one database share one budget
 * (DatabaseSendBudget) and a single process can keep it in memory.
 */
export interface SendBudget {
  /**
   * Reserves `count` consecutive slots `intervalMs` apart, after every slot reserved
   * before (by anyone sharing the budget) and no earlier than now.
   */
  reserve(count: number, intervalMs: number): Promise<Reservation>;
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
  /** The part of a millisecond the last reservation's span was rounded by. */
  private carry = 0;

  constructor(private readonly db: Pick<Database, 'knex' | 'dialect'>) {
    this.knex = db.knex;
  }

  async reserve(count: number, intervalMs: number): Promise<Reservation> {
    const { knex } = this;
    const now = databaseNowMs(knex, this.db.dialect);
    // Whole milliseconds: the column is a bigint, and PostgreSQL refuses a fraction for it
    // (1000/48 ms is one). What rounding took or added is carried to this process's next
    // reservation, so the pace is exact over any run of them: 4 slots at 48 a second
    // rounded to 83 ms every time would be 48.2 a second.
    const exact = count * intervalMs + this.carry;
    const span = Math.round(exact);
    // knex types an upsert's returned rows loosely; the assertion names the row.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const rows = (await knex('send_budget')
      .insert({ name: 'global', next_at: knex.raw('? + ?', [now, span]) })
      .onConflict('name')
      .merge({ next_at: knex.raw(`${GREATEST[this.db.dialect]}(??, ?) + ?`, ['send_budget.next_at', now, span]) })
      .returning(knex.raw('?? - ? AS first_at, ? AS now', ['next_at', span, now]))) as Array<{
      first_at: number | string;
      now: number | string;
    }>;
    this.carry = exact - span;
    return { firstAt: Number(rows[0]!.first_at), now: Number(rows[0]!.now) };
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
