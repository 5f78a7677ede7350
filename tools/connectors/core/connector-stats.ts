import type { EventType } from '@floorpulse/shared';

/**
 * What a connector did, for its log line and its exit report. Nothing it drops is silent: unknown agents,
 * rejected events and events dropped by a full buffer are each counted here and logged when they happen.
 */
export class ConnectorStats {
  /** Dialer messages read (every AMI event or ESL event, mapped or not). */
  received = 0;
  /** FloorPulse events produced, by type. */
  readonly mapped = new Map<EventType, number>();
  /** Source events whose agent (extension, queue, campaign) is in no mapping row: key → count. */
  readonly unknownAgents = new Map<string, number>();
  /** Dial attempts not counted as a customer call (an agent's phone rung by a queue, a non-trunk leg). */
  internalDials = 0;
  /** Outcomes the mapping does not translate to a FloorPulse outcome: dialer status → count. */
  readonly unknownOutcomes = new Map<string, number>();
  accepted = 0;
  duplicates = 0;
  /** Refused by FloorPulse item by item (the reason is logged): never retried, a retry cannot fix them. */
  rejected = 0;
  /** Lost because memory and disk buffers were both full (logged as they happen). */
  dropped = 0;
  /** Events written to the disk spool because memory was full. */
  spooled = 0;
  /** POSTs that failed and were retried (503, refused connection, …). */
  retries = 0;
  /** Open calls pushed out of memory by newer ones (their hangup never came): their end is not sent. */
  forgottenCalls = 0;
  reconnects = 0;

  countMapped(type: EventType): void {
    this.mapped.set(type, (this.mapped.get(type) ?? 0) + 1);
  }

  countUnknownAgent(key: string): void {
    this.unknownAgents.set(key, (this.unknownAgents.get(key) ?? 0) + 1);
  }

  countUnknownOutcome(status: string): void {
    this.unknownOutcomes.set(status, (this.unknownOutcomes.get(status) ?? 0) + 1);
  }

  /** A plain object for the JSON log line. */
  snapshot(): Record<string, unknown> {
    return {
      received: this.received,
      mapped: Object.fromEntries(this.mapped),
      unknownAgents: Object.fromEntries(this.unknownAgents),
      unknownOutcomes: Object.fromEntries(this.unknownOutcomes),
      internalDials: this.internalDials,
      accepted: this.accepted,
      duplicates: this.duplicates,
      rejected: this.rejected,
      dropped: this.dropped,
      spooled: this.spooled,
      retries: this.retries,
      forgottenCalls: this.forgottenCalls,
      reconnects: this.reconnects,
    };
  }
}
