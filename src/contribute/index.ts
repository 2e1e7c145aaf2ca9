/**
 * src/contribute/: members contribute (issue 11). Members suggest daily prompts and
 * reflection questions (/suggest) and share small wins anonymously from a daily post's
 * button; everything waits in the server's review channel (/customize review) until a
 * moderator approves or rejects it. Approved suggestions join the server's own pools
 * (/customize's store); approved small wins are posted under their day's post with
 * nobody named. An anonymous sender is an opaque reference, kept 30 days for limits and
 * blocking, never shown.
 *
 * - contribute-service.ts: the checks, storing, review messages and what a decision does.
 * - rules.ts: pure rules (lengths, limits, duplicates, the sender reference).
 * - The records are src/storage/contributions.ts's; the messages src/replies/contribute.ts's.
 */
export { ContributeService, type SuggestionKind } from './contribute-service.ts';
