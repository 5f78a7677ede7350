/**
 * A realistic event mix for the benchmarks, close to the floor of docs/metrics.md: about 40% of dials answered,
 * about 30% of conversations hung up early, a few % sales, rare compliance flags, some agent states.
 * Events are written as NDJSON text directly (no object per event): the load generator must cost far
 * less CPU than the server it loads, on the same two cores.
 */
export interface FloorShape {
  teams: number;
  agents: number;
  /** Share of agents that are robot lines. */
  robotShare: number;
}

/** xorshift32: seeded, so two runs send the same floor. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

export class EventMix {
  private readonly queue: string[] = [];
  private readonly random: () => number;
  private seq = 0;
  private call = 0;

  /** @param prefix makes ids unique per generator (process, run). */
  constructor(
    private readonly shape: FloorShape,
    private readonly prefix: string,
    seed = 7,
  ) {
    this.random = rng(seed);
  }

  /** `n` events as NDJSON lines, stamped around `now` (a dialer sends them as they happen). */
  lines(n: number, now: number): string[] {
    const out: string[] = [];
    while (out.length < n) {
      if (this.queue.length === 0) this.nextCall(now);
      out.push(this.queue.shift()!);
    }
    return out;
  }

  /** Total events generated so far (ids are `${prefix}-${seq}`). */
  get generated(): number {
    return this.seq;
  }

  private nextCall(now: number): void {
    const r = this.random;
    const agentNo = Math.floor(r() * this.shape.agents);
    const team = `t${agentNo % this.shape.teams}`;
    const agent = `a${agentNo}`;
    const robot = agentNo < this.shape.agents * this.shape.robotShare;
    const callId = `${this.prefix}-c${this.call++}`;
    const base = (type: string, ts: number) =>
      `"id":"${this.prefix}-${this.seq++}","type":"${type}","ts":${ts},"teamId":"${team}","agentId":"${agent}","callId":"${callId}"`;
    const t0 = now - Math.floor(r() * 2000);
    const phone = `+86139${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
    this.queue.push(`{${base('call.dialed', t0)},"channel":"${robot ? 'robot' : 'human'}","phone":"${phone}"}`);
    if (r() < 0.02)
      this.queue.push(
        `{"id":"${this.prefix}-${this.seq++}","type":"agent.state","ts":${t0},"teamId":"${team}","agentId":"${agent}","state":"on_call"}`,
      );
    if (r() >= 0.4) {
      this.queue.push(`{${base('call.ended', t0 + 1)},"answered":false,"talkSeconds":0,"hangupBy":"system"}`);
      return;
    }
    this.queue.push(`{${base('call.answered', t0 + 1)}}`);
    const early = r() < 0.3;
    const talk = early ? Math.floor(r() * 30) : 30 + Math.floor(r() * 300);
    this.queue.push(`{${base('call.ended', t0 + 2)},"answered":true,"talkSeconds":${talk},"hangupBy":"${early ? 'customer' : 'agent'}"}`);
    const o = r();
    if (o < 0.05) this.queue.push(`{${base('call.outcome', t0 + 3)},"outcome":"sale","amount":${100 + Math.floor(r() * 900)}}`);
    else if (o < 0.15) this.queue.push(`{${base('call.outcome', t0 + 3)},"outcome":"lead"}`);
    if (r() < 0.01)
      this.queue.push(
        `{${base('compliance.flag', t0 + 3)},"rule":"${r() < 0.3 ? 'complaint' : 'script'}","severity":"${r() < 0.2 ? 'violation' : 'reminder'}"}`,
      );
  }
}
