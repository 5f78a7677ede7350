import type { ScenarioResult } from './result.js';

export interface Comparison {
  naiveRefreshesPerS: number | null;
  pipelineUpdatesPerS: number | null;
  capacityRatio: number | null;
  naiveStalenessMs: number | null;
  pipelineLatencyP50Ms: number | null;
  freshnessRatio: number | null;
}

/**
 * What the pipeline buys over the naive design, from the same run: screen updates delivered per second
 * (fan-out) against SQL refreshes the naive design completed per second, and how stale a screen is
 * (naive: half the 1 s period plus the round; pipeline: the measured event-to-screen p50).
 */
export function compareWithNaive(results: ScenarioResult[]): Comparison {
  // biome-ignore lint/suspicious/noExplicitAny: each scenario's details have their own shape; the report reads a few known fields
  const find = (n: string) => results.find((r) => r.name.startsWith(n))?.details as Record<string, any> | undefined;
  const naive = find('naive');
  const fan = find('fan-out');
  const lat = find('event-to-screen');
  const naivePerS = naive?.achievedPerS ?? null;
  const pipePerS = fan ? Math.round(fan.updatesPerScreenPerS.mean * fan.connected) : null;
  const stale = naive ? Math.round(500 + naive.round.p50) : null;
  const p50 = lat?.latencyMs?.p50 ?? null;
  return {
    naiveRefreshesPerS: naivePerS,
    pipelineUpdatesPerS: pipePerS,
    capacityRatio: naivePerS && pipePerS ? Math.round((pipePerS / naivePerS) * 10) / 10 : null,
    naiveStalenessMs: stale,
    pipelineLatencyP50Ms: p50,
    freshnessRatio: stale && p50 ? Math.round((stale / p50) * 10) / 10 : null,
  };
}

export function markdown(run: {
  mode: string;
  command: string;
  started: string;
  machine: Record<string, unknown>;
  results: ScenarioResult[];
  comparison: Comparison;
}): string {
  const m = run.machine;
  const lines = [
    `### ${run.mode} run, ${run.started}`,
    '',
    `\`${run.command}\` — ${m.cpus} × ${m.cpuModel}, ${m.memGb} GB, Node ${m.node}, ${m.platform}; load average before ${m.loadBefore}, after ${m.loadAfter}.`,
    '',
    '| Scenario | Target | Achieved | Met |',
    '|---|---|---|---|',
    ...run.results.map(
      (r) =>
        `| ${r.name} | ${r.target} | ${r.achieved}${r.note ? ` (${r.note})` : ''} | ${r.pass === true ? 'yes' : r.pass === false ? '**no**' : '—'} |`,
    ),
    '',
  ];
  const c = run.comparison;
  if (c.capacityRatio !== null || c.freshnessRatio !== null) {
    lines.push(
      `Pipeline vs naive: ${c.pipelineUpdatesPerS?.toLocaleString('en') ?? '—'} screen updates/s pushed vs ${c.naiveRefreshesPerS?.toLocaleString('en') ?? '—'} SQL refreshes/s (×${c.capacityRatio ?? '—'}); ` +
        `staleness ${c.pipelineLatencyP50Ms ?? '—'} ms p50 vs ~${c.naiveStalenessMs ?? '—'} ms (×${c.freshnessRatio ?? '—'}).`,
      '',
    );
  }
  return lines.join('\n');
}
