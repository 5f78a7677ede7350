/**
 * npm run connect -- asterisk   --host pbx --user floorpulse --secret … [--port 5038] [options]
 * npm run connect -- freeswitch --host fs  --password …               [--port 8021] [options]
 * options: --url http://localhost:3000 --token <ingest> (or --data-dir ./data) --mapping mapping.json|.csv
 *          --buffer-events 10000 --spool-dir ./spool --spool-events 1000000 --source-id <name>
 *          --trunk PJSIP/carrier- (repeatable) --cdr --send-phones --outcome-event FloorPulseOutcome
 *          --campaign-var FP_CAMPAIGN --amd (the dialplan runs answering-machine detection)
 * npm run connect -- webhook    --port 8088 [--bind 0.0.0.0] [--hooks twilio,vonage] [--public-url https://hooks.example.com]
 *          [--mappings-dir dir] [options]: a relay for cloud dialers' callbacks; HOOK_SECRETS=hook=secret,… in the environment
 * Secrets may come from the environment instead of the command line (where `ps` shows them):
 * DIALER_SECRET for --secret/--password, INGEST_TOKEN for --token. docs/connectors.md has the rest.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import { assetPath } from '../server/src/config/app-root.js';
import { emptyMapping, loadMapping } from '../server/src/dialers/mapping-file.js';
import { loadHookSpecs } from '../server/src/hooks/hook-spec.js';
import { parseHookSecrets } from '../server/src/hooks/hooks-route.js';
import { type ConnectorConfig, startConnector } from './connectors/connector.js';
import { type RelayConfig, startRelayConnector } from './connectors/webhook/relay-connector.js';
import { parseInteger, runCli, tokenFor, UsageError } from './lib/cli.js';

const DIALERS = { asterisk: 5038, freeswitch: 8021 } as const;

export function configFromArgs(argv: string[], env: Record<string, string | undefined>): ConnectorConfig | RelayConfig {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      secret: { type: 'string' },
      password: { type: 'string' },
      'secret-file': { type: 'string' },
      url: { type: 'string', default: 'http://localhost:3000' },
      token: { type: 'string' },
      'data-dir': { type: 'string', default: './data' },
      mapping: { type: 'string' },
      'buffer-events': { type: 'string' },
      'spool-dir': { type: 'string' },
      'spool-events': { type: 'string' },
      'source-id': { type: 'string' },
      trunk: { type: 'string', multiple: true },
      cdr: { type: 'boolean' },
      'send-phones': { type: 'boolean' },
      'outcome-event': { type: 'string' },
      'campaign-var': { type: 'string' },
      amd: { type: 'boolean' },
      bind: { type: 'string' },
      hooks: { type: 'string' },
      'public-url': { type: 'string' },
      'mappings-dir': { type: 'string' },
      'failure-limit': { type: 'string' },
    },
  });
  const dialer = positionals[0];
  const delivery = () => ({
    url: values.url,
    // An empty variable (docker-compose's default) is no token: then the one FloorPulse saved in --data-dir.
    token: values.token || env.INGEST_TOKEN || tokenFor('ingest', undefined, values['data-dir']),
    bufferEvents: parseInteger(values['buffer-events'], 'buffer-events', 10_000, 1, 10_000_000),
    ...(values['spool-dir'] ? { spoolDir: values['spool-dir'] } : {}),
    spoolEvents: parseInteger(values['spool-events'], 'spool-events', 1_000_000, 0, 1_000_000_000),
    mapping: values.mapping ? loadMapping(values.mapping) : emptyMapping(),
    sendPhones: values['send-phones'] ?? false,
  });
  if (dialer === 'webhook') {
    const secrets = parseHookSecrets(env.HOOK_SECRETS ?? '');
    const all = loadHookSpecs(env.APP_ROOT, values['mappings-dir'] ?? assetPath('hookMappings', env.APP_ROOT));
    const wanted = values.hooks ? values.hooks.split(',').filter(Boolean) : [...all.keys()].filter((h) => secrets.has(h));
    for (const h of wanted) {
      if (!all.has(h)) throw new UsageError(`--hooks: no mapping named ${h} (have: ${[...all.keys()].join(', ')})`);
      if ((secrets.get(h) ?? '').length < 16) throw new UsageError(`HOOK_SECRETS: ${h} needs a secret of at least 16 characters`);
    }
    if (wanted.length === 0) throw new UsageError('HOOK_SECRETS: no hook has a secret (hook=secret,hook=secret)');
    if (values['public-url'] && !/^https?:\/\/[^/]+/.test(values['public-url']))
      throw new UsageError('--public-url: expected the origin vendors post to, such as https://hooks.example.com');
    return {
      dialer,
      ...delivery(),
      bind: values.bind ?? '0.0.0.0',
      port: parseInteger(values.port, 'port', 8088, 0, 65_535),
      specs: new Map(wanted.map((h) => [h, all.get(h)!])),
      secrets,
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      failureLimit: parseInteger(values['failure-limit'], 'failure-limit', 20, 1, 100_000),
    };
  }
  if (dialer !== 'asterisk' && dialer !== 'freeswitch')
    throw new UsageError('usage: npm run connect -- asterisk|freeswitch|webhook … (docs/connectors.md)');
  if (!values.host) throw new UsageError("--host: the dialer's address is required");
  const secret =
    values.secret ??
    values.password ??
    (values['secret-file'] ? readFileSync(values['secret-file'], 'utf8').trim() : undefined) ??
    (env.DIALER_SECRET || undefined);
  if (!secret)
    throw new UsageError(
      `${dialer === 'asterisk' ? '--secret' : '--password'}: required (or --secret-file, or DIALER_SECRET in the environment)`,
    );
  if (dialer === 'asterisk' && !values.user) throw new UsageError('--user: the AMI user of manager.conf is required');
  if (!/^[A-Za-z0-9_.-]{1,32}$/.test(values['source-id'] ?? values.host))
    throw new UsageError('--source-id: 1 to 32 letters, digits, . _ - (it names the dialer in every event id)');
  return {
    dialer,
    host: values.host,
    port: parseInteger(values.port, 'port', DIALERS[dialer], 1, 65_535),
    user: values.user ?? '',
    secret,
    ...delivery(),
    sourceId: values['source-id'] ?? values.host,
    trunks: values.trunk ?? [],
    cdr: values.cdr ?? false,
    ...(values['outcome-event'] ? { outcomeEvent: values['outcome-event'] } : {}),
    ...(values['campaign-var'] ? { campaignVariable: values['campaign-var'] } : {}),
    amd: values.amd ?? false,
  };
}

async function main(): Promise<number> {
  const config = configFromArgs(process.argv.slice(2), process.env);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  if (!config.spoolDir)
    log.warn({ bufferEvents: config.bufferEvents }, 'no --spool-dir: while FloorPulse is down only the memory buffer holds events');
  const connector =
    config.dialer === 'webhook'
      ? await startRelayConnector(config, { scheduler: asyncScheduler, log })
      : startConnector(config, { scheduler: asyncScheduler, log });
  const stopped = new Promise<number>((resolve) => {
    const stop = () => void connector.stop().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const lost = await stopped;
  return lost > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCli(main);
