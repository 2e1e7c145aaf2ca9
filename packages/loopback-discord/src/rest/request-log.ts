/** One request as the loopback saw it. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: number;
  body?: unknown;
}

/** A payload Discord would have refused for breaking a limit. */
export interface Violation {
  /** "METHOD /route/template". */
  route: string;
  /** The broken limits, one per field, e.g. "embeds.0.description: Must be 4096 or fewer in length." */
  reason: string;
  body: unknown;
  /** The nested errors object of the 50035 answer. */
  errors?: unknown;
  at: number;
}

/** Counters over every request. */
export interface Stats {
  requests: number;
  rateLimited: number;
  /** 401, 403 and 429 answers: what Discord counts toward its invalid-request ban. */
  invalidRequests: number;
  byRoute: Map<string, number>;
}
