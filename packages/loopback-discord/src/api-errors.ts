import type { FormErrors } from './validation/form-errors.ts';

/** What a route handler answers: a status and an optional JSON body. */
export interface Answer {
  status: number;
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Set when the payload broke one of Discord's limits; becomes a recorded violation. */
  violation?: string;
}

/** A JSON error body in Discord's shape. */
export function apiError(status: number, code: number, message: string, errors?: unknown): Answer {
  return { status, body: errors === undefined ? { message, code } : { message, code, errors } };
}

/** 400 50035 with the nested field errors; recorded as a violation. */
export function invalidForm(errors: FormErrors): Answer {
  return { ...apiError(400, 50035, 'Invalid Form Body', errors.tree), violation: errors.flat.join('; ') };
}

/** Discord's answers for the cases the loopback produces, by name. */
export const Errors = {
  unauthorized: () => apiError(401, 0, '401: Unauthorized'),
  notFound: () => apiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => apiError(405, 0, '405: Method Not Allowed'),
  unknownApplication: () => apiError(404, 10002, 'Unknown Application'),
  unknownChannel: () => apiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => apiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => apiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => apiError(404, 10008, 'Unknown Message'),
  unknownUser: () => apiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => apiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => apiError(404, 10062, 'Unknown interaction'),
  unknownCommand: () => apiError(404, 10063, 'Unknown application command'),
  alreadyAcknowledged: () => apiError(400, 40060, 'Interaction has already been acknowledged.'),
  maxFollowUps: () => apiError(400, 40094, 'This interaction has hit the maximum number of follow up messages'),
  missingAccess: () => apiError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => apiError(403, 50005, 'Cannot edit a message authored by another user'),
  cannotMessageUser: () => apiError(403, 50007, 'Cannot send messages to this user'),
  emptyMessage: (): Answer => ({ ...apiError(400, 50006, 'Cannot send an empty message'), violation: 'empty message' }),
  nonTextChannel: () => apiError(400, 50008, 'Cannot send messages in a non-text channel'),
  missingPermissions: () => apiError(403, 50013, 'Missing Permissions'),
  wrongChannelType: () => apiError(400, 50024, 'Cannot execute action on this channel type'),
  invalidWebhookToken: () => apiError(401, 50027, 'Invalid Webhook Token'),
  invalidJson: (): Answer => ({
    ...apiError(400, 50109, 'The request body contains invalid JSON.'),
    violation: 'invalid JSON',
  }),
  maxPins: () => apiError(400, 30003, 'Maximum number of pins reached (50)'),
  systemMessage: () => apiError(400, 50021, 'Cannot execute action on a system message'),
  threadExists: () => apiError(400, 160004, 'A thread has already been created for this message'),
  serverError: () => ({ status: 500, body: { message: '500: Internal Server Error', code: 0 } }),
} as const;
