import type { ClickHouseClient } from '@clickhouse/client';
import type { DisplayLink } from '@floorpulse/shared';
import { TABLES } from '../storage/tables.js';

/** A link as stored: its secret's SHA-256, never the secret. */
export interface StoredDisplay extends DisplayLink {
  secretHash: string;
}

interface DisplayRow {
  id: string;
  name: string;
  secret_hash: string;
  scope: string;
  rotate: number;
  lang: 'en' | 'zh-CN';
  frame_ancestors: string[];
  created_at: number;
  created_by: string;
  revoked_at: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function loadDisplays(client: ClickHouseClient): Promise<StoredDisplay[]> {
  const rs = await client.query({
    query: `SELECT id, argMax(name, at) AS name, argMax(secret_hash, at) AS secret_hash, argMax(scope, at) AS scope,
              argMax(rotate, at) AS rotate, argMax(lang, at) AS lang, argMax(frame_ancestors, at) AS frame_ancestors,
              toUnixTimestamp64Milli(argMax(created_at, at)) AS created_at, argMax(created_by, at) AS created_by,
              toUnixTimestamp64Milli(argMax(revoked_at, at)) AS revoked_at
            FROM ${TABLES.displayLinks} GROUP BY id ORDER BY created_at`,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return (await rs.json<DisplayRow>()).map((r) => ({
    id: r.id,
    name: r.name,
    secretHash: r.secret_hash,
    scope: r.scope,
    rotate: Number(r.rotate),
    lang: r.lang,
    frameAncestors: r.frame_ancestors,
    createdAt: iso(Number(r.created_at)),
    createdBy: r.created_by,
    ...(r.revoked_at === null ? {} : { revokedAt: iso(Number(r.revoked_at)) }),
  }));
}

export async function insertDisplay(client: ClickHouseClient, d: StoredDisplay, at: number, by: string): Promise<void> {
  await client.insert({
    table: TABLES.displayLinks,
    values: [
      {
        id: d.id,
        name: d.name,
        secret_hash: d.secretHash,
        scope: d.scope,
        rotate: d.rotate,
        lang: d.lang,
        frame_ancestors: d.frameAncestors,
        created_at: Date.parse(d.createdAt),
        created_by: d.createdBy,
        revoked_at: d.revokedAt ? Date.parse(d.revokedAt) : null,
        at,
        by,
      },
    ],
    format: 'JSONEachRow',
  });
}
