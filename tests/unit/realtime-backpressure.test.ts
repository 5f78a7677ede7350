import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { guardBuffer } from '../../server/src/realtime/backpressure.js';
import type { FloorSocket } from '../../server/src/realtime/types.js';

/** Just what guardBuffer uses of a socket: its engine.io connection events and disconnect. */
function fakeSocket() {
  const conn = new EventEmitter();
  const socket = {
    id: 's1',
    connected: true,
    conn,
    disconnects: 0,
    disconnect() {
      this.disconnects++;
      this.connected = false;
    },
  };
  return socket;
}

describe('guardBuffer', () => {
  it('disconnects a screen whose queue passes the bound', () => {
    const s = fakeSocket();
    guardBuffer(s as unknown as FloorSocket, pino({ level: 'silent' }), 3);
    for (let i = 0; i < 3; i++) s.conn.emit('packetCreate');
    expect(s.disconnects).toBe(0);
    s.conn.emit('packetCreate');
    expect(s.disconnects).toBe(1);
  });

  it('keeps a screen that drains its queue, however many packets it gets in total', () => {
    const s = fakeSocket();
    guardBuffer(s as unknown as FloorSocket, pino({ level: 'silent' }), 3);
    for (let i = 0; i < 100; i++) {
      s.conn.emit('packetCreate');
      s.conn.emit('packetCreate');
      s.conn.emit('flush', [1, 2]);
    }
    expect(s.disconnects).toBe(0);
  });
});
