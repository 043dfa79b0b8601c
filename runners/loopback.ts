import net from 'node:net';

/**
 * A loopback address with a port free a moment ago, for a runtime to listen on. The OS
 * picks the port; it is released before the runtime binds it, a small race accepted
 * because the runtimes take an address, not an open socket.
 */
export function freeLoopbackAddress(): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(`127.0.0.1:${port}`));
    });
  });
}
