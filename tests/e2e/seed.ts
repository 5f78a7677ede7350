/** A small, deterministic floor for the browser tests and the screenshots: two teams of people, robot lines, two weeks. */

export const TEAMS: Record<string, string[]> = {
  north: ['LiWei', 'ZhangMin', 'WangFang', 'ChenJing', 'LiuYang'],
  south: ['ZhaoLei', 'SunLi', 'ZhouTao', 'WuHua'],
};
export const ROBOTS: Record<string, string[]> = { north: ['robot-01', 'robot-02'], south: ['robot-03'] };

/** Park–Miller: the same floor on every run. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

type Ev = Record<string, unknown>;

function call(r: () => number, id: string, ts: number, teamId: string, agentId: string, channel: 'human' | 'robot'): Ev[] {
  const base = { teamId, agentId, callId: id };
  const out: Ev[] = [{ ...base, id: `${id}-d`, type: 'call.dialed', ts, channel }];
  const answered = r() < (channel === 'robot' ? 0.3 : 0.38);
  if (!answered) {
    out.push({ ...base, id: `${id}-e`, type: 'call.ended', ts: ts + 25_000, answered: false, talkSeconds: 0, hangupBy: 'system' });
    return out;
  }
  const talk = r() < 0.28 ? Math.round(5 + r() * 24) : Math.round(35 + r() * 300);
  const hangupBy = talk < 30 ? 'customer' : r() < 0.5 ? 'customer' : 'agent';
  out.push({ ...base, id: `${id}-a`, type: 'call.answered', ts: ts + 8_000 });
  out.push({ ...base, id: `${id}-e`, type: 'call.ended', ts: ts + 8_000 + talk * 1000, answered: true, talkSeconds: talk, hangupBy });
  const x = r();
  if (talk >= 60 && x < (channel === 'robot' ? 0.25 : 0.3)) {
    const sale = channel === 'human' && r() < 0.45;
    out.push({
      ...base,
      id: `${id}-o`,
      type: 'call.outcome',
      ts: ts + 10_000 + talk * 1000,
      outcome: sale ? 'sale' : 'lead',
      ...(sale ? { amount: 1000 + Math.round(r() * 5000) } : {}),
    });
  }
  if (channel === 'human' && r() < 0.04) {
    out.push({ ...base, id: `${id}-f`, type: 'compliance.flag', ts: ts + 9_000, rule: 'script_missing', severity: 'reminder' });
  }
  return out;
}

/**
 * A floor zone where it is the middle of the afternoon now (a whole-hour `Etc/GMT` zone, local 14:xx):
 * a test on the real clock whose "today" must hold the last hours of calls would otherwise fail every
 * night from local midnight until those hours are past it (16:00–16:45 UTC in Shanghai).
 */
export function daytimeFloor(now: number): { zone: string; offsetHours: number } {
  const utcHour = new Date(now).getUTCHours();
  const offsetHours = 14 - utcHour; // -9 … +14, all of them zones
  // Etc/GMT's signs are POSIX's: Etc/GMT-8 is UTC+8.
  const zone = offsetHours === 0 ? 'UTC' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
  return { zone, offsetHours };
}

/**
 * Events for the 13 days before today (09:00–20:00 floor time, Asia/Shanghai = UTC+8 unless
 * `offsetHours` says another whole-hour zone) and for the last `recentMinutes` before `now` (so the
 * live windows have numbers).
 */
export function seedFloor(
  now: number,
  opts: { days?: number; recentMinutes?: number; perHourHuman?: number; offsetHours?: number } = {},
): Ev[] {
  const r = rng(20_260_101);
  const events: Ev[] = [];
  const days = opts.days ?? 13;
  const perHour = opts.perHourHuman ?? 4;
  const offset = (opts.offsetHours ?? 8) * 3_600_000;
  const shanghaiMidnight = Math.floor((now + offset) / 86_400_000) * 86_400_000 - offset;
  let n = 0;
  const agents = [
    ...Object.entries(TEAMS).flatMap(([team, list]) => list.map((a) => ({ team, a, channel: 'human' as const }))),
    ...Object.entries(ROBOTS).flatMap(([team, list]) => list.map((a) => ({ team, a, channel: 'robot' as const }))),
  ];
  for (let d = days; d >= 1; d--) {
    const dayStart = shanghaiMidnight - d * 86_400_000;
    for (let h = 9; h < 20; h++) {
      for (const { team, a, channel } of agents) {
        const calls = channel === 'robot' ? perHour * 3 : perHour;
        for (let i = 0; i < calls; i++)
          events.push(...call(r, `h${n++}`, dayStart + h * 3_600_000 + Math.floor(r() * 3_300_000), team, a, channel));
      }
    }
  }
  const recent = (opts.recentMinutes ?? 45) * 60_000;
  for (const { team, a, channel } of agents) {
    const calls = channel === 'robot' ? 24 : 9;
    for (let i = 0; i < calls; i++)
      events.push(...call(r, `t${n++}`, now - recent + Math.floor(r() * (recent - 120_000)), team, a, channel));
  }
  const states = ['on_call', 'on_call', 'available', 'wrap_up', 'break'];
  for (const { team, a, channel } of agents) {
    if (channel === 'robot') continue;
    events.push({
      id: `s${n++}`,
      type: 'agent.state',
      ts: now - 30_000 - Math.floor(r() * 60_000),
      teamId: team,
      agentId: a,
      state: states[Math.floor(r() * states.length)],
    });
  }
  return events.filter((e) => (e.ts as number) < now);
}
