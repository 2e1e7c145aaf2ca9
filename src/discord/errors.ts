/**
 * An error whose message is written for the member who caused it. The interaction
 * router shows its text as-is (ephemerally); any other error's text stays in the log
 * and the member sees only a reference id.
 */
export class UserError extends Error {
  override readonly name = 'UserError';

  /** @param kind What kind of refusal this is: the log records it, never the message, which may quote what the member typed. */
  constructor(
    message: string,
    readonly kind: RefusalKind,
  ) {
    super(message);
  }
}

/** The kinds of refusal, as logged. */
export type RefusalKind =
  | 'unknown-command'
  | 'stale-component'
  | 'unknown-section'
  | 'ambiguous-section'
  | 'unknown-tip'
  | 'ambiguous-tip'
  | 'unknown-theme'
  | 'not-in-server'
  | 'not-moderator'
  | 'foreign-channel'
  | 'not-postable-channel'
  | 'channel-not-visible'
  | 'missing-permissions'
  | 'not-subscribed'
  | 'which-channel'
  | 'bad-time'
  | 'bad-zone'
  | 'legacy-zone'
  | 'everyone-role'
  | 'bad-days'
  | 'duplicate-text'
  | 'pool-full'
  | 'unknown-item'
  | 'empty-pool'
  | 'bad-text'
  | 'bad-import'
  | 'all-themes-excluded'
  | 'contributions-off'
  | 'theme-needed'
  | 'pending-limit'
  | 'duplicate'
  | 'share-limit'
  | 'sender-blocked'
  | 'already-decided'
  | 'submission-gone'
  | 'sender-forgotten'
  | 'review-unreachable'
  | 'post-failed';

/** A short reference id that the member sees and the log records beside the error. */
export function newReferenceId(): string {
  return Math.random().toString(36).slice(2, 10).toUpperCase().padEnd(8, '0');
}
