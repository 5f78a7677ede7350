import type { AlertSeverity } from '@floorpulse/shared';

/**
 * A chime per severity, synthesised with Web Audio (no sound files to ship or cache): info one low
 * tone, warning two, critical three high ones; an escalation plays critical. A browser only lets a
 * page make sound after a gesture, so the context is created by the supervisor's click (enable()).
 */
export const TONES: Record<AlertSeverity, { hz: number; beeps: number }> = {
  info: { hz: 523, beeps: 1 },
  warning: { hz: 660, beeps: 2 },
  critical: { hz: 880, beeps: 3 },
};
const BEEP_S = 0.16;
const GAP_S = 0.1;

export interface Chime {
  /** Call from a click: creates or resumes the audio context. False where the browser has no Web Audio. */
  enable(): Promise<boolean>;
  play(severity: AlertSeverity): void;
  readonly ready: boolean;
}

export function createChime(
  make: () => AudioContext | null = () => (typeof AudioContext === 'undefined' ? null : new AudioContext()),
): Chime {
  let ctx: AudioContext | null = null;
  return {
    async enable() {
      ctx ??= make();
      if (!ctx) return false;
      if (ctx.state === 'suspended') await ctx.resume();
      return ctx.state === 'running';
    },
    get ready() {
      return ctx?.state === 'running';
    },
    play(severity) {
      if (ctx?.state !== 'running') return;
      const { hz, beeps } = TONES[severity];
      for (let i = 0; i < beeps; i++) {
        const at = ctx.currentTime + i * (BEEP_S + GAP_S);
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = hz;
        // A short fade in and out: a click-free tone that carries across a floor without startling.
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + BEEP_S);
        osc.connect(gain).connect(ctx.destination);
        osc.start(at);
        osc.stop(at + BEEP_S + 0.02);
      }
    },
  };
}
