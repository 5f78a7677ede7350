import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(withSimulator.services.simulator.command.join(' ')).toContain('tools/simulate.ts --url http://floorpulse:3000');
  });

  it('FloorPulse talks to the ClickHouse server, is health-checked on /healthz and waits for a healthy ClickHouse', () => {
    const fp = composeConfig().services.floorpulse;
    expect(fp.environment.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
    expect(fp.healthcheck.test.join(' ')).toContain('/healthz');
    expect(fp.depends_on.clickhouse.condition).toBe('service_healthy');
  });

  it('Grafana gets the ClickHouse plugin, the datasource as the analyst user, and the dashboards', () => {
    const g = composeConfig().services.grafana;
    expect(g.environment.GF_INSTALL_PLUGINS).toBe('grafana-clickhouse-datasource');
    expect(targets(g.volumes)).toEqual(expect.arrayContaining(['/etc/grafana/provisioning', '/var/lib/grafana/dashboards']));
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

  it('the image runs as a non-root user, health-checks /healthz and starts node directly (SIGTERM reaches it)', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(runtime).toMatch(/^CMD \["node", "--import", "tsx", "server\/src\/main.ts"\]$/m);
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

  it('uses the provisioned datasource and reads call_events and agent_minute', () => {
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

  it('every panel query runs against the migrated schema (Grafana macros expanded)', async () => {
    const expand = (sql: string) =>
      sql
        .replace(/\$__timeFilter\((\w+)\)/g, '$1 >= now() - INTERVAL 1 DAY AND $1 <= now()')
        .replace(/\$__timeInterval\((\w+)\)/g, 'toStartOfMinute($1)')
        .replace(/\$\{team:singlequote\}/g, "'north', 'south'");
    const queries = [
      dashboard.templating.list[0].query,
      ...dashboard.panels.flatMap((p: { targets: { rawSql: string }[] }) => p.targets.map((t) => t.rawSql)),
    ];
    // As Grafana runs them: the analysts' user, over its views.
    for (const q of queries) {
      const rs = await store.analyst!.query({ query: expand(q), format: 'JSONEachRow' });
      expect(Array.isArray(await rs.json())).toBe(true);
    }
  });
});

describe('the connector profile', () => {
  it('runs the Asterisk connector only in its profile, against FloorPulse, secrets from the environment, spool on a volume', () => {
    expect(composeConfig().services.connector?.profiles ?? ['connector']).toEqual(['connector']);
    const c = composeConfig('--profile', 'connector').services.connector;
    const command = c.command.join(' ');
    expect(command).toContain('tools/connect.ts asterisk --host');
    expect(command).toContain('--url http://floorpulse:3000');
    expect(command).toMatch(/--spool-dir \S+/);
    expect(command).not.toMatch(/--secret|--token/);
    expect(Object.keys(c.environment)).toEqual(expect.arrayContaining(['DIALER_SECRET', 'INGEST_TOKEN']));
    expect(c.depends_on.floorpulse.condition).toBe('service_healthy');
    const spoolDir = /--spool-dir (\S+)/.exec(command)![1]!;
    expect(targets(c.volumes).some((t) => t !== undefined && spoolDir.startsWith(t))).toBe(true);
  });
});
