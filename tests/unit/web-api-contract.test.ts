// @vitest-environment happy-dom

import {
  alertsAnswerSchema,
  computeRates,
  emptyCounts,
  metaAnswerSchema,
  metricValue,
  ruleAnswerSchema,
  type SeriesAnswer,
  seriesAnswerSchema,
} from '@floorpulse/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, UnexpectedAnswerError } from '../../web/src/lib/api';
import { token } from '../../web/src/lib/auth';
import { alignByTime, compareOption } from '../../web/src/lib/history-charts';
import { setLocale } from '../../web/src/lib/i18n';

/** The next fetch answers this status and body (a string is sent as it is, anything else as JSON). */
function answer(status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(text, { status, headers: { 'content-type': 'application/json' } })),
  );
}

const point = (t: number, sales: number) => {
  const counts = { ...emptyCounts(), dialed: 10, answered: 4, sales };
  return { t, counts, rates: computeRates(counts) };
};
const series = (points: SeriesAnswer['points'], scope: SeriesAnswer['scope'] = 'floor'): SeriesAnswer => ({
  scope,
  bucket: '1h',
  tz: 'Asia/Shanghai',
  from: '2026-03-01T16:00:00.000Z',
  to: '2026-03-02T03:00:00.000Z',
  sql: 'SELECT 1',
  params: { from: 0 },
  points,
});

beforeEach(() => setLocale('en'));
afterEach(() => vi.unstubAllGlobals());

describe("the web's api() parses every answer with its schema from shared/", () => {
  it('returns the parsed answer when the server answered the contract', async () => {
    const body = series([point(Date.UTC(2026, 2, 1, 16), 2)]);
    answer(200, body);
    await expect(api('/api/v1/history/series?range=today', seriesAnswerSchema)).resolves.toEqual(body);
  });

  it('rejects a missing count naming the path and the field, rather than showing it as 0', async () => {
    const body = series([point(Date.UTC(2026, 2, 1, 16), 2)]);
    delete (body.points[0]!.counts as Partial<(typeof body.points)[0]['counts']>).sales;
    answer(200, body);
    const err = await api('/api/v1/history/series?range=today', seriesAnswerSchema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedAnswerError);
    expect((err as UnexpectedAnswerError).field).toBe('points.0.counts.sales');
    expect((err as Error).message).toContain('GET /api/v1/history/series?range=today');
    expect((err as Error).message).toContain('points.0.counts.sales');
  });

  it('rejects a field of the wrong type, naming it', async () => {
    answer(200, { floorTz: 'Asia/Shanghai', version: '0.1.0', role: 'janitor', demo: false });
    await expect(api('/api/v1/meta', metaAnswerSchema)).rejects.toThrow(/GET \/api\/v1\/meta: .* at role: /);
  });

  it('rejects an old answer shape: a bare alert list instead of {alerts}', async () => {
    answer(200, []);
    await expect(api('/api/v1/alerts', alertsAnswerSchema)).rejects.toThrow(/GET \/api\/v1\/alerts: .* at the answer: /);
  });

  it('rejects a 2xx answer that is not JSON (a proxy page), naming the path', async () => {
    answer(200, '<html>gateway</html>');
    await expect(api('/api/v1/meta', metaAnswerSchema)).rejects.toThrow(
      'GET /api/v1/meta: the answer does not match its contract at the answer: it is not JSON',
    );
  });

  it("throws the server's own {error} with its status on a refusal, whatever the schema", async () => {
    answer(400, { error: 'scope: must be floor, team:<id>, agent:<id>, channel:human or channel:robot' });
    const err = await api('/api/v1/history/series?scope=x', seriesAnswerSchema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, message: 'scope: must be floor, team:<id>, agent:<id>, channel:human or channel:robot' });
  });

  it('a refusal without {error} says its HTTP status', async () => {
    answer(502, 'Bad Gateway');
    await expect(api('/api/v1/meta', metaAnswerSchema)).rejects.toMatchObject({ status: 502, message: 'HTTP 502' });
  });

  it('accepts a field a newer server added (answers are not strict), and drops it', async () => {
    const who = { kind: 'token', by: 'viewer', name: 'viewer' };
    const targets = { conversionRate: { good: 0.05, warn: 0.038 }, hotLeadConversion: { good: 0.15, warn: 0.1 } };
    answer(200, {
      floorTz: 'Asia/Shanghai',
      version: '0.2.0',
      role: 'viewer',
      demo: false,
      who,
      targets,
      currency: 'CNY',
      celebrationShare: 0.25,
      region: 'cn',
    });
    await expect(api('/api/v1/meta', metaAnswerSchema)).resolves.toEqual({
      floorTz: 'Asia/Shanghai',
      version: '0.2.0',
      role: 'viewer',
      demo: false,
      who,
      targets,
      currency: 'CNY',
      celebrationShare: 0.25,
    });
  });

  it('keeps a rule field it does not know: the admin page sends the rule back, and must not lose it', () => {
    const rule = {
      id: 'x',
      kind: 'alert',
      enabled: true,
      title: 'X',
      trigger: 'metric',
      scope: { level: 'team' },
      window: 'today',
      metric: 'hangupRate',
      comparator: '>',
      threshold: 0.3,
      sustainSeconds: 0,
      cooldownSeconds: 0,
      severity: 'warning',
      message: 'm',
      escalateAfterMinutes: 30,
    };
    expect(ruleAnswerSchema.parse(rule)).toMatchObject({ escalateAfterMinutes: 30 });
  });

  it('sends the token and a JSON body', async () => {
    answer(200, { alerts: [] });
    token.value = 'tok-1';
    await api('/api/v1/alerts', alertsAnswerSchema, { method: 'POST', body: { a: 1 } });
    const [path, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(path).toBe('/api/v1/alerts');
    expect(init).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: { authorization: 'Bearer tok-1', 'content-type': 'application/json' },
    });
  });
});

describe('no data is null ("—"), never 0: one metricValue for the wall, the trends and the history', () => {
  it('a count or a rate of numbers that are not there is null', () => {
    expect(metricValue(undefined, undefined, 'sales')).toBeNull();
    expect(metricValue(undefined, undefined, 'connectRate')).toBeNull();
  });

  it('a count of 0 is 0, a rate without a denominator null', () => {
    const counts = emptyCounts();
    expect(metricValue(counts, computeRates(counts), 'dialed')).toBe(0);
    expect(metricValue(counts, computeRates(counts), 'connectRate')).toBeNull();
  });

  it('human vs robot: a bucket only one channel has is a gap for the other, not a 0', () => {
    const h = Date.UTC(2026, 2, 1, 16);
    const [human, robot] = alignByTime(
      series([point(h, 1), point(h + 3_600_000, 2)], 'channel:human'),
      series([point(h + 3_600_000, 5)], 'channel:robot'),
    );
    const option = compareOption(human, robot, ['human', 'robot'], 'sales') as { series: { data: (number | null)[] }[] };
    expect(option.series[0]!.data).toEqual([1, 2]);
    expect(option.series[1]!.data).toEqual([null, 5]);
  });
});
