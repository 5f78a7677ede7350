import type { AgentBoard, AgentBoardScope, Scope, StoredEvent } from '@floorpulse/shared';
import { merge, type Observable, Subject, Subscription } from 'rxjs';
import type { AgentLookup } from '../agents/agent-directory.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import type { Dirty } from '../realtime/dirty.js';
import { type FollowedFeed, followRooms, resendCurrent } from '../realtime/follow-rooms.js';
import { RoomFeed } from '../realtime/room-feed.js';
import { AGENTS_PREFIX } from '../realtime/rooms.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import { buildAgentBoard } from './agent-board.js';
import { handleAgentBoardCommands } from './agent-board-commands.js';
import { boardDelta, type SentRows } from './agent-board-delta.js';
import type { AgentStates } from './agent-states.js';

/** 250 ms: the rates' cadence (realtime/feeds.ts RATES_PERIOD_MS); a table row moves as fast as a tile. */
export const AGENT_BOARD_PERIOD_MS = 250;

export interface AgentBoardDeps {
  windows: WindowStore;
  agents: AgentLookup;
  states: AgentStates;
  stored$: Observable<readonly StoredEvent[]>;
}

/** The room's feed and each room's last sent rows, kept together so a forgotten room drops both. */
export interface AgentBoardRooms {
  feed: FollowedFeed<AgentBoard>;
  sent: Map<string, SentRows>;
}

/**
 * The supervisors' agents table (docs/realtime.md, "Agents table"): a room per floor or team, one
 * computation per room fanned out to its sockets, sent as the rows that changed (`agents:delta`). The
 * subscribe ack is the whole table. Recomputed when an event of one of its agents was stored, when a
 * state changed, and on the 1 s tick (a new day empties it). `local` like the rates: each process's
 * windows are its own. Not volatile: a dropped delta would leave a row wrong until it next changed.
 */
export function agentBoardFeed(deps: AgentBoardDeps): ScreenFeature {
  let rooms: AgentBoardRooms | null = null;
  return {
    start: ({ io, dirty$, scheduler, log }) => {
      const subs = new Subscription();
      const statesDirty$ = new Subject<Dirty>();
      subs.add(
        deps.stored$.subscribe((batch) => {
          const changed = deps.states.note(batch);
          if (changed.size) statesDirty$.next({ all: false, scopes: new Set([...changed].map((id) => `agent:${id}` as Scope)) });
        }),
      );
      const sent = new Map<string, SentRows>();
      let computed = 0;
      const inScope = (scope: AgentBoardScope, agentScope: string) =>
        agentScope.startsWith('agent:') && (scope === 'floor' || `team:${deps.agents.teamOf(agentScope.slice('agent:'.length))}` === scope);
      const feed = new RoomFeed<{ scope: AgentBoardScope }, AgentBoard>({
        prefix: AGENTS_PREFIX,
        dirty$: merge(dirty$, statesDirty$),
        periodMs: AGENT_BOARD_PERIOD_MS,
        scheduler,
        onError: (err, room) => log.error({ err, room }, 'realtime feed computation failed'),
        affected: ({ scope }, dirty) => dirty.all || [...dirty.scopes].some((s) => inScope(scope, s)),
        compute: ({ scope }) => buildAgentBoard(deps, scope, scheduler.now()),
        // The per-row delta in `send` is the change test (an empty one is not sent): a whole-table fingerprint
        // would serialise 500 rows a second time per update (~4 ms of the ~9 ms at 500 agents).
        fingerprint: () => String(++computed),
        send: (room, board) => {
          const rows = sent.get(room) ?? new Map<string, string>();
          sent.set(room, rows);
          const delta = boardDelta(rows, board);
          if (delta) io.local.to(room).emit('agents:delta', delta);
        },
      });
      rooms = {
        sent,
        feed: {
          track: (room) => feed.track(room),
          forget: (room) => {
            feed.forget(room);
            sent.delete(room);
          },
          start: () => feed.start(),
          current: (room) => feed.current(room),
        },
      };
      subs.add(followRooms(io, [rooms.feed]));
      subs.add(() => statesDirty$.complete());
      return subs;
    },
    connect: (socket, ctx) => {
      handleAgentBoardCommands(socket, { ...deps, rooms: () => rooms }, ctx);
      // A recovered screen missed deltas it cannot rebuild: the whole table again, marked full.
      const feed = rooms?.feed;
      if (socket.recovered && feed) {
        void resendCurrent(socket, feed, (board) => socket.emit('agents:delta', { ...board, removed: [], full: true }), ctx.log);
      }
    },
  };
}
