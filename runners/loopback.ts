import net from 'node:net';

/**
 * A loopback port free a moment ago, for a runtime or a guest to listen on. The OS picks
 * the port; it is released before the listener binds it, a small race accepted because
 * runtimes take an address, not an open socket.
 */
export function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The same as `127.0.0.1:PORT`, the form runtimes' listen flags take. */
export async function freeLoopbackAddress(): Promise<string> {
  return `127.0.0.1:${await freeLoopbackPort()}`;
}
