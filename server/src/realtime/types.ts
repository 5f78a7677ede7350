import type { Celebration, ClientToServerEvents, ServerToClientEvents, SocketData } from '@floorpulse/shared';
import type { Server, Socket } from 'socket.io';

/**
 * Between server processes (through the Redis adapter): each process keeps the celebrations of
 * its peers in its replay log too, so a screen that reconnects to any process can catch up.
 */
export interface InterServerEvents {
  'celebration:log': (celebration: Celebration) => void;
}

export type FloorIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type FloorSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
