import { type AgentBoard, agentBoardRequestSchema } from '@floorpulse/shared';
import { agentBoardRoom } from '../realtime/rooms.js';
import type { ScreenContext } from '../realtime/screen-feature.js';
import { joinRoom } from '../realtime/subscriptions.js';
import type { FloorSocket } from '../realtime/types.js';
import { SafeAckError, withAck } from '../realtime/with-ack.js';
import { buildAgentBoard } from './agent-board.js';
import type { AgentBoardDeps, AgentBoardRooms } from './agent-board-feed.js';

/**
 * agents:subscribe / agents:unsubscribe: supervisors and admins only (the table names every agent's
 * state and pause reason), and only a scope the socket may see (auth/scope-access.ts). The ack is the
 * whole table now; the room's deltas follow.
 */
export function handleAgentBoardCommands(
  socket: FloorSocket,
  deps: AgentBoardDeps & { rooms(): AgentBoardRooms | null },
  ctx: ScreenContext,
): void {
  const onUnexpected = (err: unknown) => ctx.log.error({ err, socket: socket.id }, 'socket handler failed');
  const opts = { schema: agentBoardRequestSchema, role: 'supervisor' as const, onUnexpected };
  socket.on(
    'agents:subscribe',
    withAck(socket, opts, async (req): Promise<AgentBoard> => {
      if (!ctx.canSee(socket.data, req.scope)) throw new SafeAckError('not yours to see');
      const rooms = deps.rooms();
      if (!rooms) throw new SafeAckError('unavailable');
      const room = agentBoardRoom(req.scope);
      await joinRoom(socket, room);
      const board = buildAgentBoard(deps, req.scope, ctx.scheduler.now());
      // A new room measures its first delta from this table, rather than sending every row again.
      if (!rooms.sent.has(room)) rooms.sent.set(room, new Map(board.rows.map((r) => [r.agentId, JSON.stringify(r)])));
      return board;
    }),
  );
  socket.on(
    'agents:unsubscribe',
    withAck(socket, opts, async (req) => {
      await socket.leave(agentBoardRoom(req.scope));
      return null;
    }),
  );
}
