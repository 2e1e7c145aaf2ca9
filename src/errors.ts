/**
 * An error whose message is written for the member who caused it. The interaction
 * router shows its text as-is (ephemerally); any other error's text stays in the log
 * and the member sees only a reference id.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** A short reference id that the member sees and the log records beside the error. */
export function newReferenceId(): string {
  return Math.random().toString(36).slice(2, 10).toUpperCase().padEnd(8, '0');
}

/** The answer to a command naming a channel of another server (a crafted interaction). */
export const FOREIGN_CHANNEL_MESSAGE = "That is not a channel of this server. Pick one of this server's channels.";
