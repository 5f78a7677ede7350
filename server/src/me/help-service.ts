import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { type Alert, type AlertChange, HELP_REASONS, type HelpRequest, type HelpRequestBody, type HelpStatus } from '@floorpulse/shared';
import { filter, firstValueFrom, map, type Observable, of, type SchedulerLike, timeout } from 'rxjs';
import type { AlertActions } from '../alerts/alert-actions.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { startOfLocalDay } from '../pipeline/time/local-day.js';
import { resolvedBy } from './me-repo.js';

/** A help request that cannot be made or changed: its HTTP status and a message naming the problem. */
export class HelpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 503,
    message: string,
  ) {
    super(message);
  }
}

export interface HelpServiceDeps {
  ingest: Pick<IngestService, 'ingest'>;
  alerts: Pick<AlertActions, 'list' | 'resolve'>;
  alerts$: Observable<AlertChange>;
  /** Whether an alert's rule is a help rule (the default `help`, or an admin's own with trigger help). */
  isHelp(ruleId: string): boolean;
  /** A person's display name by login; null for a machine token's role or the system. */
  nameOf(by: string): string | null;
  /** The roster agent a login is, if any: a request resolved by its own agent was cancelled. */
  agentOf(login: string): string | undefined;
  teamOf(agentId: string): string | undefined;
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  zone: string;
  /** How long a request waits for its alert to open (the rules stage runs on the stored batch: milliseconds). */
  waitMs: number;
}

/**
 * An agent's help button (docs/people.md, "The agent's page"). A request is a `help.requested` event for
 * the signed-in agent, taken in by the ingest like any dialer's, so the help rule opens the same alert the
 * supervisors already get. Its state is that alert's: it survives a reload and a restart (the alerts are
 * reloaded from ClickHouse), and a supervisor's ack with a note is what the agent sees. One open request
 * per agent: a second click answers the open one. Requests of one agent are serialised here; two
 * processes clicked at the same instant may open two (best-effort across processes).
 */
export class HelpService {
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Resolved help alerts → who resolved them: final, so kept (bounded). */
  private readonly closers = new Map<string, string | null>();

  constructor(private readonly d: HelpServiceDeps) {}

  /** The agent's latest request of today: an open one, else the last one closed today; null if none. */
  async current(agentId: string): Promise<HelpRequest | null> {
    const mine = await this.helpAlerts(agentId);
    const open = mine.find((a) => a.status !== 'resolved');
    if (open) return this.view(open);
    const today = startOfLocalDay(this.d.scheduler.now(), this.d.zone);
    const last = mine.find((a) => a.resolvedAt !== undefined && Date.parse(a.resolvedAt) >= today);
    return last ? this.view(last) : null;
  }

  /** Asks for help: the open request if there is one (created false), else a new one once its alert is open. */
  request(agentId: string, body: HelpRequestBody): Promise<{ request: HelpRequest; created: boolean }> {
    return this.serial(agentId, async () => {
      const open = await this.openAlert(agentId);
      if (open) return { request: await this.view(open), created: false };
      const teamId = this.d.teamOf(agentId);
      if (!teamId)
        throw new HelpError(409, 'agent: your team is not known yet (no call and not in the roster): ask your supervisor directly');
      // Listening before the event is stored: the rules stage opens the alert on the stored batch.
      const opened = firstValueFrom(
        this.d.alerts$.pipe(
          filter((c) => c.kind === 'new' && c.alert.agentId === agentId && this.d.isHelp(c.alert.ruleId)),
          map((c): Alert | null => c.alert),
          timeout({ first: this.d.waitMs, with: () => of(null), scheduler: this.d.scheduler }),
        ),
      );
      const message = messageOf(body);
      const event = {
        id: `me-help-${randomUUID()}`,
        type: 'help.requested',
        ts: this.d.scheduler.now(),
        teamId,
        agentId,
        ...(message ? { message } : {}),
      };
      const stored = await this.d.ingest.ingest([{ ok: true, value: event }]);
      if (stored.rejected[0]) throw new HelpError(400, stored.rejected[0].error);
      if (stored.refused !== undefined) throw new HelpError(503, `help: storage refused the request: ${stored.refused}`);
      // Another process may have won the alert's claim (several processes): its mirror is in the list.
      const alert = (await opened) ?? (await this.openAlert(agentId));
      if (!alert)
        throw new HelpError(
          503,
          'help: no help alert was raised (the help rule is disabled or in quiet hours): ask your supervisor directly',
        );
      return { request: await this.view(alert), created: true };
    });
  }

  /** Cancels the open request: its alert is resolved by the agent, so it leaves every supervisor's inbox. */
  cancel(agentId: string, by: string): Promise<HelpRequest> {
    return this.serial(agentId, async () => {
      const open = await this.openAlert(agentId);
      if (!open) throw new HelpError(404, 'help: you have no open request');
      return this.view(await this.d.alerts.resolve(open.id, by));
    });
  }

  /** Whether an alert is one agent's help request (the feed tells that agent about its changes). */
  isHelpAlert(a: Alert): a is Alert & { agentId: string } {
    return a.agentId !== undefined && this.d.isHelp(a.ruleId);
  }

  /** An alert as its agent sees it: the status in their words, names instead of logins. */
  async view(a: Alert): Promise<HelpRequest> {
    const closedBy = a.status === 'resolved' ? await this.closer(a) : null;
    return {
      id: a.id,
      status: statusOf(a, closedBy !== null && this.d.agentOf(closedBy) === a.agentId),
      ...(a.evidence.message ? { message: a.evidence.message } : {}),
      requestedAt: a.openedAt,
      ...(a.acknowledgedBy && a.acknowledgedAt ? { ack: { name: this.d.nameOf(a.acknowledgedBy), at: a.acknowledgedAt } } : {}),
      ...(a.note ? { note: a.note } : {}),
      ...(a.status === 'resolved' && a.resolvedAt
        ? { closed: { name: closedBy === null ? null : this.d.nameOf(closedBy), at: a.resolvedAt } }
        : {}),
    };
  }

  /** The agent's help alerts, newest first. */
  private async helpAlerts(agentId: string): Promise<Alert[]> {
    return (await this.d.alerts.list({ agentId })).filter((a) => this.d.isHelp(a.ruleId));
  }

  private async openAlert(agentId: string): Promise<Alert | undefined> {
    return (await this.helpAlerts(agentId)).find((a) => a.status !== 'resolved');
  }

  private async closer(a: Alert): Promise<string | null> {
    if (this.closers.has(a.id)) return this.closers.get(a.id) ?? null;
    const by = await resolvedBy(this.d.client, a);
    if (this.closers.size >= 10_000) this.closers.clear();
    if (by !== null) this.closers.set(a.id, by);
    return by;
  }

  private serial<T>(agentId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(agentId) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.locks.set(agentId, settled);
    void settled.then(() => {
      if (this.locks.get(agentId) === settled) this.locks.delete(agentId);
    });
    return run;
  }
}

/** The picked reason in the page's language, then what the agent typed. */
function messageOf(body: HelpRequestBody): string | undefined {
  const reason = body.reason ? HELP_REASONS[body.reason][body.lang ?? 'zh-CN'] : undefined;
  const text = body.text?.trim() || undefined;
  return reason && text ? `${reason}: ${text}` : (reason ?? text);
}

function statusOf(a: Alert, cancelled: boolean): HelpStatus {
  if (a.status === 'resolved') return cancelled ? 'cancelled' : 'resolved';
  // Snoozed: still waiting, unless someone had already taken it.
  if (a.status === 'acknowledged' || (a.status === 'snoozed' && a.acknowledgedBy)) return 'acknowledged';
  return 'sent';
}
