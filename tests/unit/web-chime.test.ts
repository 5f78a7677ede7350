import { describe, expect, it } from 'vitest';
import { createChime } from '../../web/src/lib/chime';

/** A stand-in AudioContext that records the tones it is asked to play, and starts suspended like a browser's before a gesture. */
function fakeContext() {
  const tones: { hz: number; at: number }[] = [];
  const ctx = {
    state: 'suspended' as 'suspended' | 'running',
    currentTime: 10,
    destination: {},
    async resume() {
      ctx.state = 'running';
    },
    createOscillator() {
      const osc = {
        frequency: { value: 0 },
        connect: (g: unknown) => g,
        start: (at: number) => tones.push({ hz: osc.frequency.value, at }),
        stop: () => undefined,
      };
      return osc;
    },
    createGain() {
      const ramp = () => undefined;
      return { gain: { setValueAtTime: ramp, exponentialRampToValueAtTime: ramp }, connect: (d: unknown) => d };
    },
  };
  return { ctx, tones };
}

describe('the supervisor chime', () => {
  it('is silent until a click enables it, then one tone per severity step: info 1, warning 2, critical 3 and higher', async () => {
    const { ctx, tones } = fakeContext();
    const chime = createChime(() => ctx as unknown as AudioContext);
    chime.play('critical');
    expect(tones).toEqual([]);
    expect(await chime.enable()).toBe(true);
    chime.play('info');
    expect(tones.map((t) => t.hz)).toEqual([523]);
    tones.length = 0;
    chime.play('warning');
    expect(tones.map((t) => t.hz)).toEqual([660, 660]);
    tones.length = 0;
    chime.play('critical');
    expect(tones.map((t) => t.hz)).toEqual([880, 880, 880]);
    // Beeps follow each other rather than sounding at once.
    expect(tones[1]!.at).toBeGreaterThan(tones[0]!.at);
  });

  it('says so when the browser has no Web Audio, and stays silent', async () => {
    const chime = createChime(() => null);
    expect(await chime.enable()).toBe(false);
    expect(chime.ready).toBe(false);
  });
});
