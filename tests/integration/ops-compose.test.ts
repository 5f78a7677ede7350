import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFloorSettings } from '../../server/src/analyst/floor-settings.js';
import { ASSETS } from '../../server/src/config/app-root.js';
import type { Store } from '../../server/src/storage/clickhouse.js';
import { openSchemaStore } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
/** A volume's mount point: compose v1 prints "source:target:mode", v2 prints objects. */
const targets = (volumes: (string | { target: string })[]) => volumes.map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target));

/**
 * `docker-compose config` (Debian's docker-compose: apt-get install docker-compose) validates the file
 * and resolves it; PyYAML (its own dependency) turns the result into JSON for the assertions. No Docker
 * engine is needed — and none is available here: the images are not built or run by this test.
 */
// biome-ignore lint/suspicious/noExplicitAny: the resolved compose file, read field by field by the assertions
function composeConfig(...args: string[]): any {
  const yaml = execFileSync('docker-compose', [...args, 'config'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, INGEST_TOKEN: '' },
  });
  return JSON.parse(
    execFileSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], {
      input: yaml,
      encoding: 'utf8',
    }),
  );
}

describe('docker-compose.yml', () => {
  it('is valid, with ClickHouse, FloorPulse and Grafana by default and the simulator only in its profile', () => {
    const config = composeConfig();
    // docker-compose 1.29 lists profiled services too; only their `profiles` keeps them out of a plain `up`.
    for (const name of ['clickhouse', 'floorpulse', 'grafana']) expect(config.services[name].profiles).toBeUndefined();
    const withSimulator = composeConfig('--profile', 'simulator');
    expect(withSimulator.services.simulator.profiles).toEqual(['simulator']);
    // The compiled tool: the image holds no TypeScript and no tsx.
    expect(withSimulator.services.simulator.command.join(' ')).toContain('node dist/tools/simulate.js --url http://floorpulse:3000');
  });

  it('FloorPulse talks to the ClickHouse server, is health-checked on /healthz and waits for a healthy ClickHouse', () => {
    const fp = composeConfig().services.floorpulse;
    expect(fp.environment.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
    expect(fp.healthcheck.test.join(' ')).toContain('/healthz');
    expect(fp.depends_on.clickhouse.condition).toBe('service_healthy');
  });

  it('Grafana gets the ClickHouse plugin at a pinned version, the datasource as the analyst user, the dashboards and the floor zone', () => {
    const g = composeConfig().services.grafana;
    // An unpinned plugin is whatever grafana.com serves that day; an air-gapped floor cannot fetch one at all.
    expect(g.environment.GF_PLUGINS_PREINSTALL_SYNC).toMatch(/^grafana-clickhouse-datasource@\d+\.\d+\.\d+$/);
    expect(g.environment.GF_INSTALL_PLUGINS).toBeUndefined();
    expect(g.environment.GF_DATE_FORMATS_DEFAULT_TIMEZONE).toBe(composeConfig().services.floorpulse.environment.FLOOR_TZ);
    expect(targets(g.volumes)).toEqual(
      expect.arrayContaining(['/etc/grafana/provisioning', '/var/lib/grafana/dashboards', '/var/lib/grafana/plugins']),
    );
    const ds = read('deploy/grafana/provisioning/datasources/clickhouse.yml');
    expect(ds).toContain('type: grafana-clickhouse-datasource');
    expect(ds).toContain('username: analyst');
  });

  it("the ClickHouse server gets the repo's own users, with passwords from the environment", () => {
    const ch = composeConfig().services.clickhouse;
    expect(targets(ch.volumes)).toContain('/etc/clickhouse-server/users.d/floorpulse.xml');
    expect(Object.keys(ch.environment)).toEqual(expect.arrayContaining(['FLOORPULSE_CH_APP_PASSWORD', 'FLOORPULSE_CH_ANALYST_PASSWORD']));
    const fp = composeConfig().services.floorpulse;
    expect(fp.environment.CLICKHOUSE_ANALYST_PASSWORD).toBe(ch.environment.FLOORPULSE_CH_ANALYST_PASSWORD);
    expect(fp.environment.CLICKHOUSE_PASSWORD).toBe(ch.environment.FLOORPULSE_CH_APP_PASSWORD);
  });

  it('the image builds once, runs the compiled server as a non-root user, health-checks /healthz, and node gets SIGTERM', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(runtime).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/server\/src\/main.js"\]$/m);
    expect(runtime).not.toMatch(/tsx/);
    // The CJK font (issue 14): a zh-CN page drawn from the image is not boxes.
    expect(runtime).toMatch(/^RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk/m);
    // Every file the server reads at run time is in the image (server/src/config/app-root.ts, ASSETS).
    for (const asset of Object.values(ASSETS).filter((a) => !a.startsWith('dist/') && a !== 'package.json'))
      expect(runtime, asset).toContain(`COPY --chown=node:node ${asset} ${asset}`);
    expect(runtime).toMatch(/^COPY --from=build --chown=node:node \/app\/dist dist$/m);
    expect(read('.dockerignore')).toMatch(/^data-\*$/m);
  });
});

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/floorpulse.json'));
  const ds = read('deploy/grafana/provisioning/datasources/clickhouse.yml');
  let store: Store;
  beforeAll(async () => {
    store = await openSchemaStore('ops-compose');
  });
  afterAll(async () => {
    await store.close();
  });

  it('uses the provisioned datasource, reads call_events and agent_minute, and shows times in the default (floor) zone', () => {
    expect(dashboard.timezone).toBe('');
    const uid = /uid: (\S+)/.exec(ds)![1];
    const sql: string[] = dashboard.panels.flatMap((p: { targets: { rawSql: string; datasource: { uid: string } }[] }) =>
      p.targets.map((t) => {
        expect(t.datasource.uid).toBe(uid);
        return t.rawSql;
      }),
    );
    expect(sql.some((s) => s.includes('FROM agent_minute'))).toBe(true);
    expect(sql.some((s) => s.includes('FROM call_events'))).toBe(true);
  });

  it('every panel query runs as the analyst against the migrated schema (Grafana macros expanded)', async () => {
    for (const interval of [60, 3600, 86400]) {
      for (const q of queries()) {
        const rs = await store.analyst!.query({
          query: grafana(q, { from: Date.now() - 86_400_000, to: Date.now(), interval }),
          format: 'JSONEachRow',
        });
        expect(Array.isArray(await rs.json())).toBe(true);
      }
    }
  });

  it("buckets days in the floor's zone, not UTC's: 23:30 and 00:30 in Shanghai are two days", async () => {
    await writeFloorSettings(store.client, { floorTz: 'Asia/Shanghai' }, Date.now());
    // 2026-11-30 23:30 and 2026-12-01 00:30 in Shanghai: one UTC day (15:30 and 16:30 UTC), two floor days.
    const at = [Date.UTC(2026, 10, 30, 15, 30), Date.UTC(2026, 10, 30, 16, 30)];
    await store.client.insert({
      table: 'call_events',
      values: at.map((ts, i) => ({ id: `grafana-day-${i}`, type: 'call.dialed', ts, team_id: 'north', agent_id: 'a1', channel: 'human' })),
      format: 'JSONEachRow',
    });
    // ${floor_tz} as Grafana fills it: the dashboard's own hidden variable query, run as the analyst.
    const variable = JSON.parse(read('deploy/grafana/dashboards/floorpulse.json')).templating.list.find(
      (v: { name: string }) => v.name === 'floor_tz',
    );
    const zone = Object.values(
      (await (await store.analyst!.query({ query: variable.query, format: 'JSONEachRow' })).json<object>())[0]!,
    )[0];
    expect(zone).toBe('Asia/Shanghai');
    const range = { from: Date.UTC(2026, 10, 29), to: Date.UTC(2026, 11, 2), interval: 86400, floorTz: zone as string };
    const days = async (title: string) => {
      const sql = panelSql(title);
      const rs = await store.analyst!.query({ query: grafana(sql, range), format: 'JSONEachRow' });
      return (await rs.json<{ time: string; dialed_total: number }>()).map((r) => [r.time, Number(r.dialed_total)]);
    };
    // Midnight in Shanghai is 16:00 UTC the day before; ClickHouse answers the bucket in the floor's zone.
    const expected = [
      ['2026-11-30 00:00:00', 1],
      ['2026-12-01 00:00:00', 1],
    ];
    expect(await days("Per day, in the floor's days")).toEqual(expected);
    expect(await days('Dials and conversations per interval')).toEqual(expected);
  });
});

/** The dashboard's queries: its variables' and every panel's. */
function queries(): string[] {
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/floorpulse.json'));
  return [
    ...dashboard.templating.list.map((v: { query: string }) => v.query),
    ...dashboard.panels.flatMap((p: { targets: { rawSql: string }[] }) => p.targets.map((t) => t.rawSql)),
  ];
}

function panelSql(title: string): string {
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/floorpulse.json'));
  return dashboard.panels.find((p: { title: string }) => p.title === title).targets[0].rawSql;
}

/**
 * A query as the ClickHouse data source sends it: the macros of grafana-clickhouse-datasource
 * ($__timeFilter → a closed range in seconds, $__timeInterval → toStartOfInterval in seconds,
 * $__interval_s → the panel's interval) and the dashboard's variables (${floor_tz} read from
 * floor_settings by its own hidden query; the team filter as :singlequote formats it).
 */
function grafana(sql: string, o: { from: number; to: number; interval: number; floorTz?: string }): string {
  const s = (ms: number) => Math.floor(ms / 1000);
  return sql
    .replace(/\$__timeFilter\((\w+)\)/g, `$1 >= toDateTime(${s(o.from)}) AND $1 <= toDateTime(${s(o.to)})`)
    .replace(/\$__timeInterval\((\w+)\)/g, `toStartOfInterval(toDateTime($1), INTERVAL ${o.interval} second)`)
    .replace(/\$__interval_s/g, String(o.interval))
    .replace(/\$\{floor_tz\}/g, o.floorTz ?? 'UTC')
    .replace(/\$\{team:singlequote\}/g, "'north', 'south'");
}

describe('the connector profile', () => {
  it('runs the Asterisk connector only in its profile, against FloorPulse, secrets from the environment, spool on a volume', () => {
    expect(composeConfig().services.connector?.profiles ?? ['connector']).toEqual(['connector']);
    const c = composeConfig('--profile', 'connector').services.connector;
    const command = c.command.join(' ');
    expect(command).toContain('node dist/tools/connect.js asterisk --host');
    expect(command).toContain('--url http://floorpulse:3000');
    expect(command).toMatch(/--spool-dir \S+/);
    expect(command).not.toMatch(/--secret|--token/);
    expect(Object.keys(c.environment)).toEqual(expect.arrayContaining(['DIALER_SECRET', 'INGEST_TOKEN']));
    expect(c.depends_on.floorpulse.condition).toBe('service_healthy');
    const spoolDir = /--spool-dir (\S+)/.exec(command)![1]!;
    expect(targets(c.volumes).some((t) => t !== undefined && spoolDir.startsWith(t))).toBe(true);
  });

  it('runs the webhook relay only in its profile: secrets from the environment, its spool on a volume, its port published', () => {
    expect(composeConfig().services['webhook-relay']?.profiles ?? ['webhook-relay']).toEqual(['webhook-relay']);
    const c = composeConfig('--profile', 'webhook-relay').services['webhook-relay'];
    const command = c.command.join(' ');
    expect(command).toContain('node dist/tools/connect.js webhook --port 8088');
    expect(command).toContain('--url http://floorpulse:3000');
    expect(command).not.toMatch(/--token|HOOK_SECRETS=/);
    expect(Object.keys(c.environment)).toEqual(expect.arrayContaining(['HOOK_SECRETS', 'INGEST_TOKEN']));
    const spoolDir = /--spool-dir (\S+)/.exec(command)![1]!;
    expect(targets(c.volumes).some((t) => t !== undefined && spoolDir.startsWith(t))).toBe(true);
    expect(c.ports.map((p: { target: number }) => p.target)).toEqual([8088]);
  });
});
