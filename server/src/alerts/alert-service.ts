import type { ClickHouseClient } from '@clickhouse/client';
import type { Alert, AlertChange } from '@floorpulse/shared';
import type { SchedulerLike, Subject } from 'rxjs';
import type { Claims } from '../cluster/claims.js';
import type { AlertPeers } from '../cluster/stored-bus.js';
import { type AlertActions, type AlertFilter, AlertNotFoundError, InvalidTransitionError } from './alert-actions.js';
import { groupKey } from './alert-groups.js';
import { transition } from './alert-transitions.js';
import { type AlertTransition, insertAlertTransition, loadAlerts } from './alerts-repo.js';

/** What opening an alert needs: the alert less its lifecycle fields. */
export type OpenAlert = Pick<Alert, 'id' | 'ruleId' | 'level' | 'severity' | 'teamId' | 'agentId' | 'title' | 'evidence' | 'wording'>;

/** Alerts kept in memory: a week of them, which is what a supervisor's list needs; older ones stay in ClickHouse. */
const KEEP_MS = 7 * 24 * 3_600_000;

/**
 * The alert lifecycle (docs/rules.md, "Alerts"), shared by HTTP and Socket.IO: every transition is written to
 * the `alerts` table before it is published on alerts$, and writes are serialised so two
 * supervisors acting at once see one winner and one 409.
 */
/** How long an occurrence waits for another process's opening of its group to arrive (50 × 100 ms). */
const MIRROR_WAITS = 50;
const MIRROR_WAIT_MS = 100;

export class AlertService implements AlertActions {
  private readonly alerts = new Map<string, { alert: Alert; seq: number }>();
  /** Group key → the unresolved alert of that (rule, subject) (alert-groups.ts). */
  private readonly groups = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Several processes: `claims` lets one process write each transition (`alert:<id>:<seq>`: an
   * opening is seq 1), `peers` mirrors the winner's transition everywhere else.
   */
  constructor(
    private readonly o: {
      client: ClickHouseClient;
      scheduler: SchedulerLike;
      alerts$: Subject<AlertChange>;
      claims?: Claims | undefined;
      peers?: AlertPeers | undefined;
      /** Phone numbers in a note, masked before it is stored or sent (ingest/phone-mask.ts): a note is free text a person types. */
      maskNote: (note: string) => string;
      /** The name of the person who acts (`by`: a login), kept in the alert as it was then; undefined for a token or the system. */
      personName: (by: string) => string | undefined;
    },
  ) {}

  /** Rebuilds the list from ClickHouse; returns the alerts not yet resolved (the rule engines re-arm on them). */
  async load(): Promise<Alert[]> {
    for (const r of await loadAlerts(this.o.client, this.o.scheduler.now() - KEEP_MS)) this.remember(r.alert, r.seq);
    return [...this.alerts.values()].map((r) => r.alert).filter((a) => a.status !== 'resolved');
  }

  /** Opens an alert once per id: null when that id exists already (a replay or a restart). */
  open(input: OpenAlert): Promise<Alert | null> {
    return this.serial(async () => (this.alerts.has(input.id) ? null : this.openNow(input)));
  }

  private async openNow(input: OpenAlert): Promise<Alert | null> {
    const at = new Date(this.o.scheduler.now()).toISOString();
    const alert: Alert = { ...input, status: 'open', openedAt: at, updatedAt: at };
    if (!(await this.write(alert, 1, 'open', 'system'))) return null;
    this.o.alerts$.next({ kind: 'new', alert });
    return alert;
  }

  /**
   * An event rule's occurrence (alert-groups.ts): joins the unresolved alert of the same (rule,
   * subject) through `join`, stored as a 'join' transition; else opens `input` as a new group.
   * Null when this occurrence's own id exists already (a replay).
   */
  async openGrouped(input: OpenAlert, join: (cur: Alert, at: number) => Alert, occurrenceId = input.id): Promise<Alert | null> {
    // Every process evaluates every stored event (cluster stored$), so the same occurrence reaches this
    // method on each of them: the first to claim joining it into the group joins it, the others leave it.
    let joinClaimed = '';
    for (let waited = 0; ; waited++) {
      const step = await this.serial(async (): Promise<{ done: Alert | null } | 'not mirrored yet'> => {
        if (this.alerts.has(occurrenceId)) return { done: null };
        const cur = this.alerts.get(this.groups.get(groupKey(input)) ?? '');
        if (cur && cur.alert.status !== 'resolved') {
          const key = `alert-join:${cur.alert.id}:${occurrenceId}`;
          if (joinClaimed !== key) {
            if (this.o.claims && !(await this.o.claims.claim(key))) return { done: null };
            joinClaimed = key;
          }
          const joined = join(cur.alert, this.stepTime(cur.alert));
          if (
            await this.write(joined, cur.seq + 1, 'join', 'system').catch(async (err: unknown) => {
              // Not written: give the occurrence back, so a retry (this process's or another's) can join it.
              await this.o.claims?.release(key);
              joinClaimed = '';
              throw err;
            })
          ) {
            this.o.alerts$.next({ kind: 'update', alert: joined });
            return { done: joined };
          }
          // Another process wrote this step of the group first (its own occurrence joined at the same
          // moment): this occurrence is not in it. Wait for that step to arrive, then join the newer state.
          if (waited >= MIRROR_WAITS) return { done: cur.alert };
          return 'not mirrored yet';
        }
        if (this.alerts.has(input.id)) return { done: null };
        // Several processes: `input.id` is the group another process opened (the claims named it), and its
        // opening has not reached this process yet. Opening it here would lose this occurrence (the other's
        // claim wins the write): wait for the mirror, then join it.
        if (input.id !== occurrenceId) return 'not mirrored yet';
        return { done: await this.openNow(input) };
      });
      if (step !== 'not mirrored yet') return step.done;
      if (waited >= MIRROR_WAITS) return this.serial(() => this.openNow(input));
      await new Promise<void>((resolve) => this.o.scheduler.schedule(() => resolve(), MIRROR_WAIT_MS));
    }
  }

  /** Nobody acknowledged it in time (alert-escalation.ts): marked once, published as `escalated`. Null when it was handled meanwhile. */
  escalate(id: string): Promise<Alert | null> {
    return this.serial(async () => {
      const cur = this.alerts.get(id);
      if (cur?.alert.status !== 'open' || cur.alert.escalatedAt) return null;
      const at = new Date(this.stepTime(cur.alert)).toISOString();
      return this.commit(cur, { ...cur.alert, escalatedAt: at, updatedAt: at }, 'escalate', 'system', 'escalated');
    });
  }

  /** The condition cleared: resolve unless someone already did. */
  autoResolve(id: string): Promise<Alert | null> {
    return this.serial(async () => {
      const cur = this.alerts.get(id);
      if (!cur || cur.alert.status === 'resolved') return null;
      return this.apply(cur, 'resolve', 'system', {});
    });
  }

  /** Snoozes that ran out go back to open (or acknowledged). Called on the scheduler's ticks. */
  wakeSnoozed(): Promise<void> {
    return this.serial(async () => {
      const now = this.o.scheduler.now();
      for (const cur of this.alerts.values()) {
        if (cur.alert.status === 'snoozed' && cur.alert.snoozedUntil && Date.parse(cur.alert.snoozedUntil) <= now)
          await this.apply(cur, 'unsnooze', 'system', {});
      }
      for (const [id, cur] of this.alerts)
        if (cur.alert.status === 'resolved' && Date.parse(cur.alert.updatedAt) < now - KEEP_MS) this.alerts.delete(id);
    });
  }

  async list(f: AlertFilter): Promise<Alert[]> {
    return [...this.alerts.values()]
      .map((r) => r.alert)
      .filter(
        (a) =>
          (!f.status || a.status === f.status) &&
          (!f.teamId || a.teamId === f.teamId) &&
          (!f.agentId || a.agentId === f.agentId) &&
          (!f.ruleId || a.ruleId === f.ruleId) &&
          (!f.severity || a.severity === f.severity) &&
          (!f.levels || f.levels.includes(a.level)),
      )
      .sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : a.id.localeCompare(b.id)));
  }

  async get(id: string): Promise<Alert | undefined> {
    return this.alerts.get(id)?.alert;
  }

  ack(id: string, by: string, note?: string): Promise<Alert> {
    return this.manual(id, 'ack', by, { note });
  }
  resolve(id: string, by: string, note?: string): Promise<Alert> {
    return this.manual(id, 'resolve', by, { note });
  }
  snooze(id: string, by: string, minutes: number, note?: string): Promise<Alert> {
    return this.manual(id, 'snooze', by, { note, minutes });
  }

  private manual(
    id: string,
    t: 'ack' | 'resolve' | 'snooze',
    by: string,
    opts: { note?: string | undefined; minutes?: number | undefined },
  ): Promise<Alert> {
    const note = opts.note === undefined ? undefined : this.o.maskNote(opts.note);
    return this.serial(async () => {
      const cur = this.alerts.get(id);
      if (!cur) throw new AlertNotFoundError(`no alert ${id}`);
      return this.apply(cur, t, by, { ...opts, note });
    });
  }

  /** Mirrors a transition another process wrote and published: not stored again, not emitted again (its emit reached every screen). */
  applyPeer(alert: Alert, seq: number): Promise<void> {
    return this.serial(async () => {
      const cur = this.alerts.get(alert.id);
      if (!cur || cur.seq < seq) this.remember(alert, seq);
    });
  }

  private async apply(
    cur: { alert: Alert; seq: number },
    t: Exclude<AlertTransition, 'open' | 'join' | 'escalate'>,
    by: string,
    opts: { note?: string | undefined; minutes?: number | undefined },
  ): Promise<Alert> {
    return this.commit(cur, transition(cur.alert, t, this.stepTime(cur.alert), by, { ...opts, byName: this.o.personName(by) }), t, by);
  }

  /** Now, but never earlier than the step before (another process's clock may run ahead): screens keep the version with the newer updatedAt. */
  private stepTime(a: Alert): number {
    const now = this.o.scheduler.now();
    const last = Date.parse(a.updatedAt);
    return now < last ? last + 1 : now;
  }

  private async commit(
    cur: { alert: Alert; seq: number },
    next: Alert,
    t: Exclude<AlertTransition, 'open'>,
    by: string,
    kind: AlertChange['kind'] = 'update',
  ): Promise<Alert> {
    if (!(await this.write(next, cur.seq + 1, t, by))) {
      // Another process wrote this step first: the system's own step is theirs; a person's action lost the race (409), as in one process.
      if (by === 'system') return cur.alert;
      throw new InvalidTransitionError(`alert ${cur.alert.id} was changed by another process`);
    }
    this.o.alerts$.next({ kind, alert: next });
    return next;
  }

  /** Claimed, stored, then remembered and published: false when another process claimed this step. A failed write leaves the alert as it was. */
  private async write(alert: Alert, seq: number, t: AlertTransition, by: string): Promise<boolean> {
    const key = `alert:${alert.id}:${seq}`;
    if (this.o.claims && !(await this.o.claims.claim(key))) return false;
    try {
      await insertAlertTransition(this.o.client, alert, seq, t, by);
    } catch (err) {
      await this.o.claims?.release(key);
      throw err;
    }
    this.remember(alert, seq);
    this.o.peers?.publish(alert, seq);
    // A resolved group frees its (rule, subject) for every process (rules/signal-sinks.ts holds it while open).
    if (alert.status === 'resolved') await this.o.claims?.drop(`group:${groupKey(alert)}`, alert.id);
    return true;
  }

  /** Keeps the alert and its group's index: an unresolved alert is its group's, a resolved one frees it. */
  private remember(alert: Alert, seq: number): void {
    this.alerts.set(alert.id, { alert, seq });
    const key = groupKey(alert);
    if (alert.status !== 'resolved') this.groups.set(key, alert.id);
    else if (this.groups.get(key) === alert.id) this.groups.delete(key);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
