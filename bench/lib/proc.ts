import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux x86-64 and arm64). */
const HZ = 100;
const PAGE = 4096;

export interface ProcSample {
  at: number;
  /** user + system CPU seconds so far */
  cpuSeconds: number;
  rssMb: number;
  /** RSS split: anonymous (heaps: V8, ClickHouse) and file-backed (mapped code, chiefly libchdb). */
  rssAnonMb: number;
  rssFileMb: number;
}

/** CPU and RSS of a process from /proc: no cooperation from the process needed. */
export function sampleProc(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" of the command name; utime, stime are fields 14, 15, rss is 24 (1-based).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(f[11]);
    const stime = Number(f[12]);
    const rss = Number(f[21]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024;
    return {
      at: performance.now(),
      cpuSeconds: (utime + stime) / HZ,
      rssMb: (rss * PAGE) / 1_048_576,
      rssAnonMb: kb('RssAnon'),
      rssFileMb: kb('RssFile'),
    };
  } catch {
    return null;
  }
}

/** Samples a process every `everyMs`: CPU % (of one core) between samples and RSS. */
export class ProcSampler {
  readonly samples: ProcSample[] = [];
  private timer: NodeJS.Timeout;

  constructor(
    readonly pid: number,
    everyMs = 1000,
  ) {
    const first = sampleProc(pid);
    if (first) this.samples.push(first);
    this.timer = setInterval(() => {
      const s = sampleProc(pid);
      if (s) this.samples.push(s);
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Mean CPU % of one core and RSS statistics over samples taken at or after `fromMs` (performance.now). */
  summary(fromMs = 0): {
    cpuPct: number;
    rssMaxMb: number;
    rssMinMb: number;
    rssMeanMb: number;
    rssLastMb: number;
    rssAnonLastMb: number;
    rssFileLastMb: number;
  } {
    const s = this.samples.filter((x) => x.at >= fromMs);
    const z = s[0]?.rssMb ?? 0;
    if (s.length < 2)
      return {
        cpuPct: 0,
        rssMaxMb: z,
        rssMinMb: z,
        rssMeanMb: z,
        rssLastMb: z,
        rssAnonLastMb: s[0]?.rssAnonMb ?? 0,
        rssFileLastMb: s[0]?.rssFileMb ?? 0,
      };
    const first = s[0]!;
    const last = s[s.length - 1]!;
    const rss = s.map((x) => x.rssMb);
    return {
      cpuPct: Math.round(((last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000)) * 1000) / 10,
      rssMaxMb: Math.round(Math.max(...rss)),
      rssMinMb: Math.round(Math.min(...rss)),
      rssMeanMb: Math.round(rss.reduce((a, b) => a + b, 0) / rss.length),
      rssLastMb: Math.round(last.rssMb),
      rssAnonLastMb: Math.round(last.rssAnonMb),
      rssFileLastMb: Math.round(last.rssFileMb),
    };
  }
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
