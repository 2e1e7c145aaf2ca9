import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../../src/health/prometheus-metrics.ts';

/** The value of one sample line of the exposition, e.g. `name{a="b"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function clock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Prometheus metrics', () => {
  it('GIVEN interactions answered, refused and failed THEN they are counted by command, type, outcome and refusal kind', async () => {
    const metrics = new PrometheusMetrics();
    metrics.interactionReceived('1', 'about', 'command');
    metrics.interactionAnswered('1');
    metrics.interactionFinished('1', { outcome: 'ok' });
    metrics.interactionReceived('2', 'article', 'command');
    metrics.interactionAnswered('2');
    metrics.interactionFinished('2', { outcome: 'refused', kind: 'unknown-section' });
    metrics.interactionReceived('3', 'reflect', 'component');
    metrics.interactionAnswered('3');
    metrics.interactionFinished('3', { outcome: 'failed' });
    const text = await metrics.text();
    expect(
      sample(text, 'reconnect_interactions_total{command="about",type="command",outcome="ok",reason="none"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'reconnect_interactions_total{command="article",type="command",outcome="refused",reason="unknown-section"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'reconnect_interactions_total{command="reflect",type="component",outcome="failed",reason="none"}'),
    ).toBe(1);
  });

  it('GIVEN an answer 200 ms after receipt THEN the reply histogram has it in the 0.25 s bucket, not the 0.1 s one', async () => {
    const c = clock();
    const metrics = new PrometheusMetrics(c.now);
    metrics.interactionReceived('1', 'tips', 'command');
    c.advance(200);
    metrics.interactionAnswered('1');
    c.advance(5000); // work after the answer (a post-now's post) is not reply latency
    metrics.interactionFinished('1', { outcome: 'ok' });
    const text = await metrics.text();
    expect(sample(text, 'reconnect_interaction_reply_seconds_bucket{le="0.1",command="tips",type="command"}')).toBe(0);
    expect(sample(text, 'reconnect_interaction_reply_seconds_bucket{le="0.25",command="tips",type="command"}')).toBe(1);
    expect(sample(text, 'reconnect_interaction_reply_seconds_count{command="tips",type="command"}')).toBe(1);
    expect(sample(text, 'reconnect_interaction_reply_seconds_sum{command="tips",type="command"}')).toBeCloseTo(0.2);
  });

  it('GIVEN a second answer (a follow-up) or one never given THEN only first answers are timed', async () => {
    const c = clock();
    const metrics = new PrometheusMetrics(c.now);
    metrics.interactionReceived('1', 'reflect', 'command');
    metrics.interactionAnswered('1');
    c.advance(2000);
    metrics.interactionAnswered('1');
    metrics.interactionFinished('1', { outcome: 'ok' });
    metrics.interactionReceived('2', 'article', 'autocomplete');
    metrics.interactionFinished('2', { outcome: 'ok' });
    metrics.interactionAnswered('2'); // too late: the router was done with it
    const text = await metrics.text();
    expect(sample(text, 'reconnect_interaction_reply_seconds_count{command="reflect",type="command"}')).toBe(1);
    expect(sample(text, 'reconnect_interaction_reply_seconds_sum{command="reflect",type="command"}')).toBe(0);
    expect(
      sample(text, 'reconnect_interaction_reply_seconds_count{command="article",type="autocomplete"}'),
    ).toBeUndefined();
    expect(
      sample(text, 'reconnect_interactions_total{command="article",type="autocomplete",outcome="ok",reason="none"}'),
    ).toBe(1);
  });

  it('GIVEN daily posts sent and failed THEN posts, failures by reason and the lag from due to sent are recorded', async () => {
    const metrics = new PrometheusMetrics();
    metrics.dailyPostSent(0);
    metrics.dailyPostSent(90_000);
    metrics.dailyPostFailed('forbidden');
    metrics.dailyPostFailed('store');
    metrics.dailyPostFailed('store');
    const text = await metrics.text();
    expect(sample(text, 'reconnect_daily_posts_sent_total')).toBe(2);
    expect(sample(text, 'reconnect_daily_post_failures_total{reason="forbidden"}')).toBe(1);
    expect(sample(text, 'reconnect_daily_post_failures_total{reason="store"}')).toBe(2);
    expect(sample(text, 'reconnect_daily_post_lag_seconds_bucket{le="60"}')).toBe(1);
    expect(sample(text, 'reconnect_daily_post_lag_seconds_bucket{le="120"}')).toBe(2);
    expect(sample(text, 'reconnect_daily_post_lag_seconds_sum')).toBe(90);
  });

  it('GIVEN rate limits met THEN they are counted by scope and by who saw them', async () => {
    const metrics = new PrometheusMetrics();
    metrics.rateLimited('global', 'pacer');
    metrics.rateLimited('route', 'rest');
    metrics.rateLimited('route', 'rest');
    const text = await metrics.text();
    expect(sample(text, 'reconnect_rate_limits_total{scope="global",source="pacer"}')).toBe(1);
    expect(sample(text, 'reconnect_rate_limits_total{scope="route",source="rest"}')).toBe(2);
  });

  it('GIVEN the shards as discord.js has them THEN each shard shows its status (1) and its ping, read at the scrape', async () => {
    const metrics = new PrometheusMetrics();
    let shards = [
      { id: 0, status: 'ready' as const, pingMs: 42 },
      { id: 1, status: 'connecting' as const, pingMs: -1 },
    ];
    metrics.watchShards(() => shards);
    let text = await metrics.text();
    expect(sample(text, 'reconnect_gateway_shard_status{shard="0",status="ready"}')).toBe(1);
    expect(sample(text, 'reconnect_gateway_shard_status{shard="0",status="connecting"}')).toBe(0);
    expect(sample(text, 'reconnect_gateway_shard_status{shard="1",status="connecting"}')).toBe(1);
    expect(sample(text, 'reconnect_gateway_ping_seconds{shard="0"}')).toBe(0.042);
    expect(sample(text, 'reconnect_gateway_ping_seconds{shard="1"}')).toBeUndefined(); // no heartbeat yet
    shards = [{ id: 1, status: 'ready', pingMs: 10 }];
    text = await metrics.text();
    expect(sample(text, 'reconnect_gateway_shard_status{shard="1",status="ready"}')).toBe(1);
    expect(sample(text, 'reconnect_gateway_shard_status{shard="0",status="ready"}')).toBeUndefined();
  });

  it('GIVEN interactions with Discord ids THEN no id reaches a label, and the default process metrics are there', async () => {
    const metrics = new PrometheusMetrics();
    for (let i = 0; i < 50; i++) {
      const id = `13000000000000000${i.toString().padStart(2, '0')}`;
      metrics.interactionReceived(id, 'reflect', 'command');
      metrics.interactionAnswered(id);
      metrics.interactionFinished(id, { outcome: 'ok' });
    }
    const text = await metrics.text();
    expect(text).not.toContain('13000000000000000');
    expect(text).not.toMatch(/\{[^}]*\d{17}[^}]*\}/); // no label value looks like an id
    expect(
      sample(text, 'reconnect_interactions_total{command="reflect",type="command",outcome="ok",reason="none"}'),
    ).toBe(50);
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('GIVEN two instances in one process THEN each has its own counters', async () => {
    const a = new PrometheusMetrics();
    const b = new PrometheusMetrics();
    a.dailyPostSent(0);
    expect(sample(await a.text(), 'reconnect_daily_posts_sent_total')).toBe(1);
    expect(sample(await b.text(), 'reconnect_daily_posts_sent_total')).toBe(0);
  });
});
