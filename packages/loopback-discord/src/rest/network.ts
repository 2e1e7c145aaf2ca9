/** A fault injected on a channel's message creation. */
export type ChannelFault = 403 | 404 | 500 | 'timeout';

/** How the network between the bot and the loopback behaves; Discord on a LAN by default. */
export interface NetworkConditions {
  /** Each answer leaves this long after its request was handled, uniform in [min, max] ms. Default [0, 0]. */
  answerLatencyMs: [number, number];
  /**
   * Each request is handled, and counted against the rate limits, a random 0 to this many
   * ms after it arrived: requests sent evenly reach the limiter bunched. Default 0.
   */
  arrivalJitterMs: number;
}

export const DEFAULT_NETWORK: NetworkConditions = { answerLatencyMs: [0, 0], arrivalJitterMs: 0 };
