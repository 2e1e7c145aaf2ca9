/** A JSON object as a request body carries it, before any check. */
export type Json = Record<string, unknown>;

/** Whether a value is a JSON object: not null, not an array. */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
