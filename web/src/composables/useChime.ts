import type { AlertSeverity } from '@floorpulse/shared';
import { ref } from 'vue';
import { createChime } from '../lib/chime';

const KEY = 'floorpulse.chime';

/**
 * The supervisor page's sound: off until a click turns it on (browsers need the gesture), muted with
 * another click. The choice is remembered, but a reloaded page still needs one click before it can
 * sound, so `wanted` (remembered) and `on` (sounding now) are told apart on the button.
 */
export function useChime() {
  const chime = createChime();
  const wanted = ref(localStorage.getItem(KEY) === 'on');
  const on = ref(false);
  async function toggle(): Promise<void> {
    if (on.value) {
      on.value = false;
      wanted.value = false;
    } else {
      on.value = await chime.enable();
      wanted.value = on.value;
      if (on.value) chime.play('info');
    }
    localStorage.setItem(KEY, wanted.value ? 'on' : 'off');
  }
  const play = (severity: AlertSeverity) => {
    if (on.value) chime.play(severity);
  };
  return { on, wanted, toggle, play };
}
