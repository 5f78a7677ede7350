import { readFileSync } from 'node:fs';
import { type AgentState, type Channel, type Outcome, wellFormedText } from '@floorpulse/shared';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

/** A mapping file that cannot be used: the message names the file, the line or entry, and the field. */
export class MappingFileError extends Error {
  override name = 'MappingFileError';
}

/** Who a dialer's extension, queue or campaign is on the board. */
export interface Identity {
  agentId: string;
  teamId: string;
  channel: Channel;
  campaignId?: string;
}

/** A queue or campaign row may name only a team: its calls then still need an agent from an extension. */
export type Row = Omit<Identity, 'agentId'> & { agentId?: string };

/**
 * The mapping from a dialer's own names to FloorPulse's, loaded once at start: data, not code. Until the
 * roster lands this is a file (docs/connectors.md "Mapping"); the resolver reads only this shape, so the
 * roster can fill it instead.
 */
export interface Mapping {
  /** By extension, interface or agent login: "1986", "PJSIP/1986", "1000@default". */
  extensions: Map<string, Identity>;
  queues: Map<string, Row>;
  /** By campaign key: an AMI AccountCode or FP_CAMPAIGN channel variable, an ESL campaign variable. */
  campaigns: Map<string, Row>;
  /** Dialer dispositions (VICIdial's SALE, NI, DNC, …), upper-cased → FloorPulse outcome. */
  outcomes: Map<string, Outcome>;
  /** Pause reasons, upper-cased → agent state (LUNCH → break, WRAP → wrap_up); any other pause is `break`. */
  pauseReasons: Map<string, AgentState>;
  /** Where events of an agent in no row go: counted and reported always; sent under these ids unless `drop`. */
  unknown: { agentId: string; teamId: string; drop: boolean };
}

const idText = wellFormedText(64).min(1, 'must not be empty');
const channel = z.enum(['human', 'robot']);
const outcome = z.enum(['sale', 'lead', 'callback', 'not_interested', 'do_not_call']);
const state = z.enum(['available', 'on_call', 'wrap_up', 'break', 'offline']);
const key = z.string().min(1, 'must not be empty').max(256);
const rowFields = { agentId: idText.optional(), teamId: idText, channel: channel.default('human'), campaignId: idText.optional() };

const jsonSchema = z.strictObject({
  agents: z.array(z.strictObject({ extension: key, ...rowFields, agentId: idText })).default([]),
  queues: z.array(z.strictObject({ queue: key, ...rowFields })).default([]),
  campaigns: z.array(z.strictObject({ campaign: key, ...rowFields })).default([]),
  outcomes: z.record(key, outcome).default({}),
  pauseReasons: z.record(key, state).default({}),
  unknown: z
    .strictObject({ agentId: idText.default('unmapped'), teamId: idText.default('unmapped'), drop: z.boolean().default(false) })
    .default({ agentId: 'unmapped', teamId: 'unmapped', drop: false }),
});

/** The mapping that maps nothing: every agent is unknown, counted, and sent as `unmapped`. */
export function emptyMapping(): Mapping {
  return fromJson(jsonSchema.parse({}));
}

/**
 * Reads a mapping file: `.json` (the shape of docs/connectors.md) or `.csv` with the header
 * `kind,key,agentId,teamId,channel,campaignId,value` (kind: extension, queue, campaign, outcome, pause).
 * Fails with the file, the entry and the field named.
 */
export function loadMapping(file: string): Mapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new MappingFileError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return file.toLowerCase().endsWith('.csv') ? parseCsvMapping(text, file) : parseJsonMapping(text, file);
}

export function parseJsonMapping(text: string, file = 'mapping'): Mapping {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new MappingFileError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = jsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MappingFileError(`${file}: ${issue?.path.map(String).join('.') || 'mapping'}: ${issue?.message ?? 'invalid'}`);
  }
  return fromJson(parsed.data);
}

function fromJson(m: z.infer<typeof jsonSchema>): Mapping {
  const strip = <T extends object>(r: T) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as T;
  const mapping: Mapping = {
    extensions: new Map(),
    queues: new Map(),
    campaigns: new Map(),
    outcomes: new Map(),
    pauseReasons: new Map(),
    unknown: m.unknown,
  };
  for (const { extension, ...row } of m.agents) setOnce(mapping.extensions, extension, strip(row), 'agents');
  for (const { queue, ...row } of m.queues) setOnce(mapping.queues, queue, strip(row), 'queues');
  for (const { campaign, ...row } of m.campaigns) setOnce(mapping.campaigns, campaign, strip(row), 'campaigns');
  for (const [k, v] of Object.entries(m.outcomes)) mapping.outcomes.set(k.toUpperCase(), v);
  for (const [k, v] of Object.entries(m.pauseReasons)) mapping.pauseReasons.set(k.toUpperCase(), v);
  return mapping;
}

/** Two rows for one key would make the board depend on file order: refused. */
function setOnce<T>(map: Map<string, T>, k: string, v: T, where: string): void {
  if (map.has(k)) throw new MappingFileError(`${where}: ${k} is mapped twice`);
  map.set(k, v);
}

const CSV_KINDS = ['extension', 'queue', 'campaign', 'outcome', 'pause'] as const;

export function parseCsvMapping(text: string, file = 'mapping.csv'): Mapping {
  let records: string[][];
  try {
    records = parse(text, {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      delimiter: text.split(/\r?\n/, 1)[0]?.includes(';') ? ';' : ',',
    });
  } catch (e) {
    throw new MappingFileError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const [header, ...rows] = records;
  const cols = (header ?? []).map((h) => h.trim());
  for (const need of ['kind', 'key'])
    if (!cols.includes(need)) throw new MappingFileError(`${file}: line 1: the header needs a ${need} column`);
  const json = {
    agents: [] as unknown[],
    queues: [] as unknown[],
    campaigns: [] as unknown[],
    outcomes: {} as Record<string, string>,
    pauseReasons: {} as Record<string, string>,
  };
  rows.forEach((cells, i) => {
    const line = i + 2;
    const cell = (name: string) => {
      const v = cells[cols.indexOf(name)]?.trim();
      return v === undefined || v === '' ? undefined : v;
    };
    const kind = cell('kind');
    const k = cell('key');
    if (!kind || !(CSV_KINDS as readonly string[]).includes(kind))
      throw new MappingFileError(`${file}: line ${line}: kind: must be one of ${CSV_KINDS.join(', ')}`);
    if (!k) throw new MappingFileError(`${file}: line ${line}: key: must not be empty`);
    if (kind === 'outcome' || kind === 'pause') {
      const value = cell('value');
      if (!value)
        throw new MappingFileError(`${file}: line ${line}: value: must name the ${kind === 'outcome' ? 'outcome' : 'agent state'}`);
      (kind === 'outcome' ? json.outcomes : json.pauseReasons)[k] = value;
      return;
    }
    const row = { agentId: cell('agentId'), teamId: cell('teamId'), channel: cell('channel'), campaignId: cell('campaignId') };
    const entry = kind === 'extension' ? { extension: k, ...row } : kind === 'queue' ? { queue: k, ...row } : { campaign: k, ...row };
    const list = kind === 'extension' ? json.agents : kind === 'queue' ? json.queues : json.campaigns;
    // Checked row by row, so that the error names the CSV line rather than a JSON path.
    const one = jsonSchema.safeParse({ [kind === 'extension' ? 'agents' : `${kind}s`]: [entry] });
    if (!one.success) {
      const issue = one.error.issues[0];
      throw new MappingFileError(`${file}: line ${line}: ${String(issue?.path.at(-1) ?? kind)}: ${issue?.message ?? 'invalid'}`);
    }
    list.push(entry);
  });
  try {
    return parseJsonMapping(JSON.stringify(json), file);
  } catch (e) {
    throw e instanceof MappingFileError ? e : new MappingFileError(`${file}: ${String(e)}`);
  }
}
