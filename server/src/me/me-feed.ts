import type { AlertChange, Celebration, MeAnswer } from '@floorpulse/shared';
import { catchError, concatMap, EMPTY, filter, from, map, type Observable } from 'rxjs';
import { followRooms } from '../realtime/follow-rooms.js';
import { RoomFeed } from '../realtime/room-feed.js';
import { personRoom } from '../realtime/rooms.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import type { HelpService } from './help-service.js';
import type { MeService } from './me-service.js';
import type { Recognition } from './recognition.js';

/** 1 s: /me may read goals' history (cached SQL); once a second is live for a person between calls. */
export const ME_PERIOD_MS = 1000;
/** The room of one agent's numbers. Only the server puts a socket in it: the agent's own, on connect. */
export const ME_PREFIX = 'me|';
export const meRoom = (agentId: string): string => ME_PREFIX + JSON.stringify({ agentId });

export interface MeFeedDeps {
  me: MeService;
  help: HelpService;
  recognition: Recognition;
  alerts$: Observable<AlertChange>;
  celebrations$: Observable<Celebration>;
  /** The logins of the users who are this roster agent (usually one). */
  loginsOf(agentId: string): string[];
  teamOf(agentId: string): string | undefined;
}

/**
 * /me live (docs/people.md, "The agent's page"). A signed-in agent's socket is put in its own person room
 * and its agent's `me|` room at connect, by the server, from the session: there is no command to join
 * another one. `me:update` is recomputed when the agent's or their team's numbers move (and on the 1 s
 * tick: pace and minutes left move with time), sent when changed, `local` like the rates. `me:help` follows
 * every transition of the agent's help alerts (a supervisor's ack with their note, a resolve).
 */
export function meFeed(deps: MeFeedDeps): ScreenFeature {
  return {
    start: ({ io, dirty$, scheduler, log }) => {
      const feed = new RoomFeed<{ agentId: string }, MeAnswer>({
        prefix: ME_PREFIX,
        dirty$,
        periodMs: ME_PERIOD_MS,
        scheduler,
        onError: (err, room) => log.error({ err, room }, 'realtime feed computation failed'),
        affected: ({ agentId }, dirty) => {
          const team = deps.teamOf(agentId);
          return dirty.all || dirty.scopes.has(`agent:${agentId}`) || (team !== undefined && dirty.scopes.has(`team:${team}`));
        },
        compute: ({ agentId }) => deps.me.answer(agentId),
        send: (room, me) => io.local.to(room).emit('me:update', me),
      });
      const subs = followRooms(io, [feed]);
      subs.add(deps.celebrations$.subscribe((c) => deps.recognition.note(c)));
      subs.add(
        deps.alerts$
          .pipe(
            map((c) => c.alert),
            filter((a) => deps.help.isHelpAlert(a)),
            concatMap((a) =>
              from(
                (async () => {
                  const request = await deps.help.current(a.agentId);
                  // Through the adapter: the agent's page may be connected to another process.
                  for (const login of deps.loginsOf(a.agentId)) io.to(personRoom(login)).emit('me:help', { request });
                })(),
              ).pipe(
                catchError((err: unknown) => {
                  log.error({ err, alert: a.id }, 'telling an agent about their help request failed');
                  return EMPTY;
                }),
              ),
            ),
          )
          .subscribe(),
      );
      return subs;
    },
    connect: (socket, { log }) => {
      const { role, login, agentId } = socket.data;
      if (role !== 'agent' || !login || !agentId) return;
      void socket.join([personRoom(login), meRoom(agentId)]);
      // What the page shows now, on every connect: after a drop, the numbers and the request as they are.
      Promise.all([deps.me.answer(agentId), deps.help.current(agentId)]).then(
        ([me, request]) => {
          socket.emit('me:update', me);
          socket.emit('me:help', { request });
        },
        (err: unknown) => log.error({ err, socket: socket.id }, 'sending /me on connect failed'),
      );
    },
  };
}
