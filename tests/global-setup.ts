import { POSTGRES_SKIPPED, TEST_DATABASE_URL } from './storage/engines.ts';

/** Says which engines the storage and daily-post tests ran on, at the start of the run and again at its end. */
export default function setup(): () => void {
  const line = TEST_DATABASE_URL
    ? 'Storage and daily-post tests: SQLite and PostgreSQL (TEST_DATABASE_URL).'
    : `${POSTGRES_SKIPPED}.`;
  console.log(`\n${line}\n`);
  return () => console.log(`\n${line}`);
}
