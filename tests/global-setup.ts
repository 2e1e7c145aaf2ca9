import { POSTGRES_SKIPPED, TEST_DATABASE_URL } from './storage/engines.ts';

/** Says which engines the storage tests ran on, at the start of the run and again at its end. */
export default function setup(): () => void {
  const line = TEST_DATABASE_URL ? 'Storage tests: SQLite and PostgreSQL (TEST_DATABASE_URL).' : `${POSTGRES_SKIPPED}.`;
  console.log(`\n${line}\n`);
  return () => console.log(`\n${line}`);
}
