import { type RosterAgent, type RosterTeam, rosterCsv } from '@floorpulse/shared';
import type { FloorSpec } from '../simulator/generate.js';
import { TEAM_NAMES } from '../simulator/profile.js';

/** Common surnames and given names: 王芳, 李伟, 张敏… A floor of up to 8 × 500 seats gets distinct names. */
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'];
const GIVEN = [
  '芳',
  '伟',
  '敏',
  '静',
  '磊',
  '丽',
  '强',
  '洋',
  '娜',
  '军',
  '杰',
  '婷',
  '勇',
  '艳',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '华',
  '建华',
  '玉兰',
  '鑫',
  '晨',
  '欣怡',
  '浩然',
  '子涵',
  '宇轩',
  '雨桐',
  '思远',
  '佳琪',
  '俊杰',
  '梓萱',
];
/** The demo's teams, in Chinese: the simulator's ids (north, south…) are what the dialers send. */
const TEAM_TITLES: Record<(typeof TEAM_NAMES)[number], string> = {
  north: '北区一组',
  south: '南区二组',
  east: '东区三组',
  west: '西区四组',
  central: '中心组',
  harbour: '海港组',
  river: '滨江组',
  summit: '峰顶组',
};

/** The i-th person's name: surname and given name walk the lists so that neighbours differ; past their product, a number. */
export function demoName(i: number): string {
  const base = SURNAMES[i % SURNAMES.length]! + GIVEN[(i + Math.floor(i / SURNAMES.length)) % GIVEN.length]!;
  const round = Math.floor(i / (SURNAMES.length * GIVEN.length));
  return round === 0 ? base : `${base}${round + 1}`;
}

/**
 * The demo floor's roster (docs/people.md, "Roster"): the simulator's seats with plausible Chinese names,
 * its robot lines as "AI 线路 N", teams in Chinese. The teams' zone is the demo's floor zone: Shanghai
 * while it is working time there, else the zone the demo picked so that its floor is open (tools/demo/zone.ts).
 */
export function demoRoster(spec: FloorSpec, zone: string): { agents: RosterAgent[]; teams: RosterTeam[] } {
  const agents: RosterAgent[] = [];
  const teams: RosterTeam[] = [];
  let person = 0;
  let robot = 0;
  for (let t = 0; t < spec.teams; t++) {
    const known = TEAM_NAMES[t];
    const id = known ?? `team${t + 1}`;
    // 21:00: the end of the default calling hours (CALL_HOURS); after it /me shows the day's summary.
    teams.push({ id, name: known ? TEAM_TITLES[known] : `第${t + 1}组`, timeZone: zone, supervisors: [], shiftEnd: '21:00' });
    for (let i = 1; i <= spec.agentsPerTeam; i++)
      agents.push({ id: `${id}-a${i}`, name: demoName(person++), teamId: id, channel: 'human', active: true });
    for (let i = 1; i <= spec.robotsPerTeam; i++)
      agents.push({ id: `${id}-r${i}`, name: `AI 线路 ${++robot}`, teamId: id, channel: 'robot', active: true });
  }
  return { agents, teams };
}

/** Imported as an admin would: one CSV through POST /api/v1/roster/import (every row must land). */
export async function putDemoRoster(base: string, adminToken: string, spec: FloorSpec, zone: string): Promise<void> {
  const { agents, teams } = demoRoster(spec, zone);
  const res = await fetch(`${base}/api/v1/roster/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
    body: rosterCsv(agents, teams),
  });
  const body = (await res.json()) as { rejected?: unknown[] };
  if (!res.ok || body.rejected?.length) throw new Error(`importing the demo roster failed: ${res.status} ${JSON.stringify(body)}`);
}
