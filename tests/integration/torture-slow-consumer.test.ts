import { LEADERBOARD_METRICS } from '@floorpulse/shared';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventMix } from '../../bench/lib/events.js';
import { MAX_QUEUED_PACKETS } from '../../server/src/realtime/backpressure.js';
import { connectScreen, record } from '../helpers/realtime-client.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * A raw Socket.IO client over websocket that subscribes to many rooms and then stops reading: its TCP
 * receive window fills, the server's writes stall, and whatever the server keeps for it must stay bounded.
 */
async function stalledScreen(url: string, rooms: number): Promise<{ sid: string; ws: WebSocket }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const sid = await new Promise<string>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token: TOKENS.VIEWER_TOKEN })}`);
      else if (text.startsWith('40')) resolve((JSON.parse(text.slice(2)) as { sid: string }).sid);
      else if (text === '2') ws.send('3'); // answer pings until we stall, like a real client would
    });
  });
  const windows = ['15m', '1h', 'today'];
  // Every agent's and team's windows: hundreds of rooms that change several times a second under load.
  for (let i = 0; i < rooms; i++)
    ws.send(`42${i}${JSON.stringify(['subscribe', { scope: i < 20 ? `team:t${i}` : `agent:a${i % 400}`, window: windows[i % 3] }])}`);
  // Leaderboards are not volatile (a dropped last board would stay wrong): they are what queues.
  for (const metric of LEADERBOARD_METRICS) {
    ws.send(`42${JSON.stringify(['leaderboard:subscribe', { scope: 'floor', metric }])}`);
    for (let t = 0; t < 20; t++) ws.send(`42${JSON.stringify(['leaderboard:subscribe', { scope: `team:t${t}`, metric }])}`);
  }
  await new Promise((r) => setTimeout(r, 300));
  // Stop reading: the kernel buffers fill, then the server's writes to this screen stall.
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return { sid, ws };
}

describe('slow socket consumers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('torture-slow'), scheduler: asyncScheduler });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('do not grow server memory without bound, and do not slow the other screens', { timeout: 60_000 }, async () => {
    const stalled = await Promise.all(Array.from({ length: 10 }, () => stalledScreen(server.url, 400)));
    const healthy = await connectScreen(server.url, { token: TOKENS.VIEWER_TOKEN });
    const updates = record(healthy, 'rates:update');
    await healthy.emitWithAck('subscribe', { scope: 'floor', window: '15m' });

    const mix = new EventMix({ teams: 20, agents: 400, robotShare: 0.2 }, `slow${Date.now()}`, 13);
    const queued: number[] = [];
    const userlandBytes: number[] = [];
    // Load until the stall shows (packets queued for a stalled screen, or one cut off), then 5 s more;
    // 45 s at most: a busy machine posts slower and takes longer to fill the buffers.
    const deadline = Date.now() + 45_000;
    let stallSeenAt = 0;
    let posted = 0;
    while (Date.now() < deadline && (stallSeenAt === 0 || Date.now() < stallSeenAt + 5_000)) {
      await Promise.all(
        Array.from({ length: 4 }, () =>
          post(`${server.url}/api/v1/events`, mix.lines(200, Date.now()).join('\n'), TOKENS.INGEST_TOKEN, 'application/x-ndjson'),
        ),
      );
      posted += 800;
      let packets = 0;
      let bytes = 0;
      let cut = 0;
      for (const s of stalled) {
        const sock = server.app.io.of('/').sockets.get(s.sid);
        if (!sock) {
          cut++; // disconnected by the server: holds nothing any more
          continue;
        }
        const conn = sock.conn as unknown as { writeBuffer: unknown[]; transport: { socket?: { _socket?: { writableLength: number } } } };
        packets = Math.max(packets, conn.writeBuffer.length);
        bytes += conn.transport.socket?._socket?.writableLength ?? 0;
      }
      queued.push(packets);
      userlandBytes.push(bytes);
      if (stallSeenAt === 0 && (packets > 50 || cut > 0)) stallSeenAt = Date.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    const end = Date.now();
    // The condition under test happened: the server had to hold packets for stalled screens.
    expect(stallSeenAt, `no stall after ${posted} events`).toBeGreaterThan(0);
    // Per stalled screen: never more packets queued than the guard allows.
    expect(Math.max(...queued)).toBeLessThanOrEqual(MAX_QUEUED_PACKETS);
    // Bytes held in user space for all ten stalled screens together stay bounded.
    expect(Math.max(...userlandBytes)).toBeLessThan(8 * 1024 * 1024);
    // The healthy screen kept getting its floor updates (coalesced to ≤ 4/s) all along.
    const recent = updates.filter((u) => u.at > end - 5000).length;
    expect(recent).toBeGreaterThanOrEqual(5);
    healthy.close();
    for (const s of stalled) s.ws.terminate();
  });
});
