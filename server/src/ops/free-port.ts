import { createServer } from 'node:net';

/**
 * A TCP port nobody listens on right now: bind port 0 on `host`, read the port the OS gave, let go.
 * For a child process that must be told its port (PORT=0 would not tell the parent which one it got);
 * the short race until the child binds it is accepted everywhere this is used.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
