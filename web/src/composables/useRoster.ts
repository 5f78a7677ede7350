import { type RosterChange, rosterAnswerSchema } from '@floorpulse/shared';
import { onBeforeUnmount, ref } from 'vue';
import { api } from '../lib/api';
import { roster as names } from '../lib/roster-names';
import { onEveryConnect, useSocket } from './useSocket';

const error = ref<string | null>(null);
let users = 0;
let stop: (() => void) | null = null;

async function load(): Promise<void> {
  try {
    names.load(await api('/api/v1/roster', rosterAnswerSchema));
    error.value = null;
  } catch (e) {
    // The names already shown stay; an agent not known shows by id, never as a blank.
    error.value = e instanceof Error ? e.message : String(e);
  }
}

/**
 * Names for screens: `name(agentId)` and `teamName(teamId)`, from the roster (docs/people.md, "Roster").
 * Loaded after every (re)connect (a change made while offline is caught up), then kept live by
 * `roster:update`; the socket listener lives while any component uses it.
 */
export function useRoster() {
  const { socket } = useSocket();
  users += 1;
  if (!stop) {
    const apply = (c: RosterChange) => names.apply(c);
    socket.on('roster:update', apply);
    const stopConnect = onEveryConnect(socket, () => void load());
    stop = () => {
      stopConnect();
      socket.off('roster:update', apply);
    };
  }
  onBeforeUnmount(() => {
    users -= 1;
    if (users === 0) {
      stop?.();
      stop = null;
    }
  });
  return { names, name: names.name, teamName: names.teamName, error, reload: load };
}
