import { post, TOKENS } from '../helpers/server.js';

/**
 * A floor of `agents` people in 8 teams for the supervisor page at scale (e2e and its screenshots):
 * named in the roster (the table shows names, not ids), each with calls in the last 90 minutes, a state,
 * some on a break with a pause code for 20+ minutes, some calls flagged or recorded.
 */
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚'];
export const BIG_TEAMS = ['east', 'west', 'south', 'north', 'pearl', 'jade', 'amber', 'coral'];
const TEAM_NAMES = ['东区一组', '西区一组', '南区一组', '北区一组', '珠江组', '翡翠组', '琥珀组', '珊瑚组'];

export const bigAgentId = (i: number) => `ag${String(i).padStart(3, '0')}`;
export const bigTeamOf = (i: number) => BIG_TEAMS[i % BIG_TEAMS.length]!;
export const bigName = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${i}`;

export function bigRosterCsv(agents: number, zone = 'Asia/Shanghai'): string {
  const lines = ['kind,id,name,team,channel,supervisor,status,time_zone,supervisors'];
  for (const [k, t] of BIG_TEAMS.entries()) lines.push(`team,${t},${TEAM_NAMES[k]},,,,,${zone},`);
  for (let i = 0; i < agents; i++) lines.push(`agent,${bigAgentId(i)},${bigName(i)},${bigTeamOf(i)},human,,active,,`);
  return `${lines.join('\n')}\n`;
}

/** The break agents: every 7th, on a break since 20 + i%15 minutes ago (LUNCH or TRAINING). */
export const onLongBreak = (i: number) => i % 7 === 0;

export function bigFloorEvents(agents: number, now: number): object[] {
  const out: object[] = [];
  let n = 0;
  for (let i = 0; i < agents; i++) {
    const base = { teamId: bigTeamOf(i), agentId: bigAgentId(i), channel: 'human' };
    const calls = 2 + (i % 5);
    for (let c = 0; c < calls; c++) {
      const callId = `big-${i}-${c}`;
      const at = now - 90 * 60_000 + c * 12 * 60_000 + (i % 60) * 1000;
      const answered = (i + c) % 3 !== 0;
      const talk = answered ? 15 + ((i * 37 + c * 53) % 240) : 0;
      const ev = { ...base, callId };
      out.push({ ...ev, id: `${callId}-d`, type: 'call.dialed', ts: at, phone: `+86139${String(i * 10 + c).padStart(8, '0')}` });
      if (answered) out.push({ ...ev, id: `${callId}-a`, type: 'call.answered', ts: at + 6_000 });
      out.push({
        ...ev,
        id: `${callId}-e`,
        type: 'call.ended',
        ts: at + 6_000 + talk * 1000,
        answered,
        talkSeconds: talk,
        hangupBy: talk < 30 ? 'customer' : 'agent',
        ...(answered && c % 2 === 0 ? { recordingUrl: `https://recordings.example.com/${callId}.mp3` } : {}),
      });
      if (answered && talk >= 60 && (i + c) % 4 === 0) {
        out.push({ ...ev, id: `${callId}-o`, type: 'call.outcome', ts: at + 8_000 + talk * 1000, outcome: (i + c) % 8 ? 'lead' : 'sale' });
      }
      if ((i + c) % 11 === 0)
        out.push({ ...ev, id: `${callId}-f`, type: 'compliance.flag', ts: at + 7_000, rule: 'script_missing', severity: 'reminder' });
    }
    // What a demo floor's first minutes bring the inbox: a few help requests and consent violations.
    if (i % 37 === 5)
      out.push({
        teamId: base.teamId,
        agentId: base.agentId,
        id: `big-${i}-help`,
        type: 'help.requested',
        ts: now - (i % 4) * 60_000 - 20_000,
        message: '客户要求经理回电',
      });
    if (i % 23 === 3)
      out.push({
        ...base,
        callId: `big-${i}-0`,
        id: `big-${i}-nc`,
        type: 'compliance.flag',
        ts: now - 80 * 60_000,
        rule: 'no_consent',
        severity: 'violation',
      });
    const long = onLongBreak(i);
    out.push({
      teamId: base.teamId,
      agentId: base.agentId,
      id: `big-${i}-state-${n++}`,
      type: 'agent.state',
      ts: long ? now - (20 + (i % 15)) * 60_000 : now - (i % 9) * 60_000 - 30_000,
      state: long ? 'break' : i % 3 === 0 ? 'on_call' : i % 3 === 1 ? 'available' : 'wrap_up',
      ...(long ? { reason: i % 2 ? 'LUNCH' : 'TRAINING' } : {}),
    });
  }
  return out;
}

/** Roster, then the events in batches the ingest accepts. */
export async function seedBigFloor(url: string, agents: number, now: number, zone?: string): Promise<void> {
  const res = await fetch(`${url}/api/v1/roster/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'text/csv' },
    body: bigRosterCsv(agents, zone),
  });
  if (res.status !== 200) throw new Error(`roster import: ${res.status} ${await res.text()}`);
  const events = bigFloorEvents(agents, now);
  for (let i = 0; i < events.length; i += 1000) {
    const r = await post(`${url}/api/v1/events`, events.slice(i, i + 1000));
    if (r.status !== 200 || r.body.rejected.length) throw new Error(`events: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}
