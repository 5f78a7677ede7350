import path from 'node:path';
import { WEEK_STARTS } from '@floorpulse/shared';
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { detectAppRoot } from './app-root.js';

/** Thrown at start when an environment variable is wrong; the message names the variable. */
export class ConfigError extends Error {}

const optionalString = z.string().min(1).optional();
const token = z.string().min(16, 'must be at least 16 characters').optional();
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
/** A share in (0, 1], written as 0.15. */
const share = (def: number) => z.coerce.number().gt(0, 'must be above 0').max(1, 'must be at most 1 (a share: 0.15 is 15%)').default(def);

const schema = z
  .object({
    PORT: int(3000, 0, 65535),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    /** The folder of FloorPulse's package.json: migrations, rules, the engine's users and the web are found from it. */
    APP_ROOT: z.string().min(1).optional(),
    CLICKHOUSE_URL: z.url().optional(),
    CLICKHOUSE_USER: optionalString,
    CLICKHOUSE_PASSWORD: z.string().optional(),
    /** The analysts' ClickHouse user (deploy/clickhouse/users.d): the SQL box runs as it. Embedded: generated. */
    CLICKHOUSE_ANALYST_USER: z.string().min(1).default('analyst'),
    CLICKHOUSE_ANALYST_PASSWORD: z.string().optional(),
    /** The tables' database; the analysts' views live in analyst_<this> (its users.d grants floorpulse* and analyst_*). */
    CLICKHOUSE_DATABASE: z
      .string()
      .regex(/^floorpulse[A-Za-z0-9_]*$/, 'must be a plain identifier starting with floorpulse (the grants of deploy/clickhouse/users.d)')
      .default('floorpulse'),
    /** The embedded engine's HTTP port on 127.0.0.1; 0 picks a free one at each start. */
    CLICKHOUSE_ENGINE_PORT: int(0, 0, 65535),
    /** Where the embedded engine's launcher is built once (default: node_modules/.cache/floorpulse under APP_ROOT). */
    ENGINE_CACHE_DIR: z.string().min(1).optional(),
    FLOOR_TZ: z
      .string()
      .default(Intl.DateTimeFormat().resolvedOptions().timeZone)
      .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
    /** The first day of the floor's week (weekly report, goal shares): Monday (ISO 8601, CN) unless the floor's locale starts on Sunday or Saturday. */
    WEEK_START: z.enum(WEEK_STARTS).default('monday'),
    /**
     * The floor's working days, ISO weekdays (1 = Monday … 7 = Sunday), comma-separated: a monthly goal is
     * shared over the ones left (docs/rules.md, "Goal decomposition"). Monday to Friday by default.
     */
    WORKING_DAYS: z
      .string()
      .default('1,2,3,4,5')
      .refine((s) => /^[1-7](,[1-7])*$/.test(s), 'must be ISO weekdays 1-7, comma-separated, such as 1,2,3,4,5')
      .transform((s) => [...new Set(s.split(',').map(Number))].sort()),
    INGEST_TOKEN: token,
    VIEWER_TOKEN: token,
    SUPERVISOR_TOKEN: token,
    ANALYST_TOKEN: token,
    ADMIN_TOKEN: token,
    /** A scrape-only secret for GET /metrics, so Prometheus need not hold the admin token (docs/operations.md). */
    METRICS_TOKEN: token,
    PHONE_HASH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Key of the people's signed session cookies (docs/people.md). Generated into DATA_DIR/secrets.json when empty. */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** yes: session cookies only over HTTPS (set it when the floor serves FloorPulse behind TLS). */
    COOKIE_SECURE: z.enum(['yes', 'no']).default('no'),
    /** The first admin, created when no user exists yet; without ADMIN_PASSWORD one is generated into secrets.json and logged once. */
    ADMIN_LOGIN: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{2,64}$/, 'letters, digits and . _ @ - only')
      .default('admin'),
    ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    /** Where a phone number written without its country code is read (ISO 3166 alpha-2): with CN, "13910000001" is +86 139 1000 0001. */
    PHONE_REGION: z
      .string()
      .refine((c): c is CountryCode => /^[A-Z]{2}$/.test(c) && isSupportedCountry(c), 'must be an ISO 3166 alpha-2 country code such as CN')
      .default('CN'),
    /**
     * yes: start with a phone-hash key other than the one the stored dials were hashed with (it is then
     * recorded). Without it such a start is refused as not ready: the frequency cap would lose every earlier dial.
     */
    ACCEPT_NEW_PHONE_HASH_KEY: z.enum(['yes', 'no']).default('no'),
    /** 400 days: the regulation asks recordings be kept at least 6 months; a year plus a margin for year-over-year. */
    RETENTION_DAYS: int(400, 183, 3650),
    /** 30 s: the floor's definition of an early hang-up (docs/metrics.md). */
    EARLY_HANGUP_SECONDS: int(30, 1, 3600),
    /** 60 s: an "effective conversation" (docs/metrics.md). */
    EFFECTIVE_SECONDS: int(60, 1, 3600),
    /**
     * The floor's own target for sales/answered (green at or above it) and where amber turns red. 5 % and
     * 3.8 %: the industry average of that ratio is 3.8 %, the best floors 9.2 % (docs/metrics.md); a floor
     * sets its own. The 15 % of the material belongs to hot-lead conversion, below.
     */
    CONVERSION_TARGET: share(0.05),
    CONVERSION_WARN: share(0.038),
    /** Robot-screened hot leads converted by people: at least 15 % (docs/metrics.md, "Hot leads"); amber from 10 %. */
    HOT_LEAD_CONVERSION_TARGET: share(0.15),
    HOT_LEAD_CONVERSION_WARN: share(0.1),
    /** ISO 4217 code of sale amounts (`call.outcome` `amount`): revenue is shown in it, formatted per locale. */
    CURRENCY: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as CNY')
      .refine(isCurrency, 'must be an ISO 4217 currency code such as CNY')
      .default('CNY'),
    /**
     * The most of any minute celebrations may cover on a wall: 0.25 is 15 s, two 6-second cards. Ten sales
     * in one request used to hold the wall for a minute; more than three waiting also merge into one card.
     */
    CELEBRATION_MINUTE_SHARE: share(0.25),
    BODY_LIMIT_MB: int(5, 1, 100),
    /** Group commit: wait at most this long for more requests before one insert. */
    INGEST_FLUSH_MS: int(20, 0, 1000),
    INGEST_MAX_BATCH: int(50_000, 1, 1_000_000),
    /**
     * How long an accepted id stays in memory to refuse a re-send; a re-send of an older event is looked
     * up in ClickHouse. Memory is rate × this, so it stays flat (docs/operations.md). More than the 5-min future skew.
     */
    DEDUPE_MEMORY_MINUTES: int(20, 6, 24 * 60 * 3),
    CALL_HOURS: z
      .string()
      .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must look like 08:00-21:00')
      .default('08:00-21:00'),
    FREQUENCY_CAP: int(3, 1, 1000),
    /**
     * yes: a dial without consentExpiresAt has no consent, a no_consent violation, and the pre-dial check
     * refuses it. no (the default): only consent that has expired is judged, since many dialers send none.
     */
    CONSENT_REQUIRED: z.enum(['yes', 'no']).default('no'),
    /**
     * 15 min: events older than this when they arrive are stored and counted but open no alert and fire no
     * celebration (a backfilled day must not flood the inbox or the wall: docs/rules.md, "Live horizon").
     */
    LIVE_HORIZON_MINUTES: int(15, 1, 24 * 60),
    TEAM_TZ: z
      .string()
      .default('')
      .refine(
        (s) => s === '' || s.split(',').every((p) => /^[^=]+=.+$/.test(p) && isTimeZone(p.split('=')[1] ?? '')),
        'must be team=Zone,team=Zone',
      ),
    /**
     * The webhooks' secrets, hook=secret,hook=secret (docs/connectors.md "Webhooks"): a hook without one is
     * closed. Twilio's is the account's auth token; the others are secrets you choose and set on the vendor's side.
     */
    HOOK_SECRETS: z
      .string()
      .default('')
      .refine(
        (s) => s === '' || s.split(',').every((p) => /^[\w-]+=.{16,}$/.test(p)),
        'must be hook=secret,hook=secret with secrets of at least 16 characters',
      ),
    /**
     * The public origin the dialer posts to, e.g. https://floor.example.com, when FloorPulse is behind a
     * proxy: Twilio signs the URL it called, not the one the proxy forwarded. Unset: the request's own.
     */
    HOOKS_PUBLIC_URL: z.url().optional(),
    /** The dialer mapping file (JSON or CSV, docs/connectors.md "Mapping") the webhooks resolve extensions, queues and campaigns by. */
    DIALER_MAPPING: optionalString,
    REDIS_URL: z.string().url().optional(),
    /**
     * Failed authentications (a token that is none of ours) one client address may make per window before
     * every request from it is refused, 429, until the window ends: 20 a minute stops guessing a token yet
     * lets a kiosk with a stale token retry. Counted in Redis when REDIS_URL is set (every process, one count).
     */
    AUTH_FAILURE_LIMIT: int(20, 1, 100_000),
    AUTH_FAILURE_WINDOW_SECONDS: int(60, 1, 86_400),
    /** SQL box statements per role per window (POST /api/v1/sql), then 429: 30 a minute is a person typing, not a script. */
    SQL_STATEMENT_LIMIT: int(30, 1, 100_000),
    SQL_STATEMENT_WINDOW_SECONDS: int(60, 1, 86_400),
    /** On SIGTERM, how long in-flight requests and the last flush may take before the process exits anyway. */
    SHUTDOWN_GRACE_MS: int(10_000, 100, 300_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEMO: z.enum(['on', 'off']).default('off'),
    /** Dials a person's day is worth full call volume in the KPI score (docs/metrics.md, "Weighted scores"): a person dials about 98. */
    SCORE_DAILY_DIALS: int(98, 1, 100_000),
    /** Star of the week: at least this many dials that week (a minimum sample), else not eligible. */
    STAR_MIN_DIALS: int(100, 1, 1_000_000),
  })
  .superRefine((c, ctx) => {
    for (const [warn, target] of [
      ['CONVERSION_WARN', 'CONVERSION_TARGET'],
      ['HOT_LEAD_CONVERSION_WARN', 'HOT_LEAD_CONVERSION_TARGET'],
    ] as const)
      if (c[warn] > c[target])
        ctx.addIssue({ code: 'custom', path: [warn], message: `must be at most ${target} (amber is below the target)` });
    // Several processes hash phones each with its own key otherwise: the frequency cap (and any per-phone SQL) would never match across them.
    if (c.REDIS_URL && !c.PHONE_HASH_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['PHONE_HASH_SECRET'],
        message: 'must be set, the same on every process, when REDIS_URL joins several processes',
      });
    // A session signed by one process must be readable by the others.
    if (c.REDIS_URL && !c.SESSION_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'must be set, the same on every process, when REDIS_URL joins several processes',
      });
  });

function isCurrency(code: string): boolean {
  // Intl knows every ISO 4217 code; an unknown but well-formed one it prints as the code itself.
  return Intl.supportedValuesOf('currency').includes(code);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Retired variables → what took their place. */
const RENAMED: Record<string, string> = {
  DEDUPE_HOURS: 'DEDUPE_MEMORY_MINUTES (ids stay in memory for minutes; older re-sends are checked in ClickHouse)',
};

type Parsed = z.infer<typeof schema>;
export type Config = Readonly<Omit<Parsed, 'APP_ROOT' | 'ENGINE_CACHE_DIR'> & { APP_ROOT: string; ENGINE_CACHE_DIR: string }>;

/** Parses the environment once; fails fast naming the variable. The only reader of process.env is main.ts, which passes it here. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // A setting that changed meaning is refused by name rather than silently ignored.
  for (const [old, replacement] of Object.entries(RENAMED)) {
    if (cleaned[old] !== undefined) throw new ConfigError(`Invalid environment variable ${old}: replaced by ${replacement}`);
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid environment variable ${name}: ${issue?.message ?? 'invalid'}`);
  }
  const appRoot = path.resolve(parsed.data.APP_ROOT ?? detectAppRoot());
  return Object.freeze({
    ...parsed.data,
    APP_ROOT: appRoot,
    ENGINE_CACHE_DIR: path.resolve(parsed.data.ENGINE_CACHE_DIR ?? path.join(appRoot, 'node_modules', '.cache', 'floorpulse')),
  });
}

/** The team → IANA zone map from TEAM_TZ ("north=Asia/Shanghai,west=Asia/Urumqi"). */
export function teamZones(config: Config): ReadonlyMap<string, string> {
  if (!config.TEAM_TZ) return new Map();
  return new Map(config.TEAM_TZ.split(',').map((p) => p.split('=') as [string, string]));
}
