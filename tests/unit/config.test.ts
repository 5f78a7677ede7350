import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSecrets, roleOf } from '../../server/src/auth/tokens.js';
import { ConfigError, loadConfig } from '../../server/src/config/config.js';
import { tempDataDir } from '../helpers/server.js';

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATA_DIR: './data',
      RETENTION_DAYS: 400,
      EARLY_HANGUP_SECONDS: 30,
      EFFECTIVE_SECONDS: 60,
      PHONE_REGION: 'CN',
      CURRENCY: 'CNY',
      CONVERSION_TARGET: 0.05,
      HOT_LEAD_CONVERSION_TARGET: 0.15,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ FLOOR_TZ: 'Mars/Olympus' }, 'FLOOR_TZ'],
    [{ CLICKHOUSE_URL: 'not a url' }, 'CLICKHOUSE_URL'],
    [{ VIEWER_TOKEN: 'short' }, 'VIEWER_TOKEN'],
    [{ RETENTION_DAYS: '30' }, 'RETENTION_DAYS'],
    [{ CLICKHOUSE_DATABASE: 'x; DROP' }, 'CLICKHOUSE_DATABASE'],
    // Several processes must hash phones with one key, or the frequency cap never matches across them.
    [{ REDIS_URL: 'redis://127.0.0.1:6379' }, 'PHONE_HASH_SECRET'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379', PHONE_HASH_SECRET: 'cluster-phone-hash-secret-0123' }, 'SESSION_SECRET'],
    // Retired: hours of ids in memory became minutes; an old .env must not be silently ignored.
    [{ DEDUPE_HOURS: '72' }, 'DEDUPE_MEMORY_MINUTES'],
    [{ DEDUPE_MEMORY_MINUTES: '5' }, 'DEDUPE_MEMORY_MINUTES'],
    // Where a national phone number is read: an ISO 3166 alpha-2 code libphonenumber knows.
    [{ PHONE_REGION: 'China' }, 'PHONE_REGION'],
    [{ PHONE_REGION: 'cn' }, 'PHONE_REGION'],
    [{ PHONE_REGION: 'XX' }, 'PHONE_REGION'],
    // Revenue's currency and the floor's targets (docs/metrics.md).
    [{ CURRENCY: 'yuan' }, 'CURRENCY'],
    [{ CURRENCY: 'ZZZ' }, 'CURRENCY'],
    [{ CONVERSION_TARGET: '15' }, 'CONVERSION_TARGET'],
    [{ HOT_LEAD_CONVERSION_TARGET: '0' }, 'HOT_LEAD_CONVERSION_TARGET'],
    [{ CONVERSION_TARGET: '0.03' }, 'CONVERSION_WARN'],
    // A hook's secret guards its door alone: short or malformed lists are refused, as short tokens are.
    [{ HOOK_SECRETS: 'twilio=short' }, 'HOOK_SECRETS'],
    [{ HOOK_SECRETS: 'twilio' }, 'HOOK_SECRETS'],
    [{ HOOKS_PUBLIC_URL: 'floor.example.com' }, 'HOOKS_PUBLIC_URL'],
  ])('fails fast naming the bad variable (%o)', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });
});

describe('tokens', () => {
  it('generates missing tokens once, keeps them in a 0600 file, and reuses them at restart', () => {
    const dir = tempDataDir('tokens');
    const first = loadSecrets(loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: 'admin-token-from-env-123' }));
    expect(first.generated).toEqual(['ingest', 'viewer', 'supervisor', 'analyst']);
    expect(first.tokens.admin).toBe('admin-token-from-env-123');
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    const second = loadSecrets(loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: 'admin-token-from-env-123' }));
    expect(second.tokens).toEqual(first.tokens);
    expect(second.generated).toEqual([]);
  });
  it('maps a token to its role and nothing else to any role', () => {
    const s = loadSecrets(loadConfig({ DATA_DIR: tempDataDir('roles') }));
    expect(roleOf(s.tokens, s.tokens.viewer)).toBe('viewer');
    expect(roleOf(s.tokens, `${s.tokens.viewer}x`)).toBeNull();
    expect(roleOf(s.tokens, '')).toBeNull();
  });
});
