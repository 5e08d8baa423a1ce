/**
 * Free TCP ports for servers that integration tests start. The kernel picks an unused
 * port for a listener on port 0; we read it back and close the listener. Another process
 * could take the port before the caller binds it, so callers that can retry should.
 */
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = server.address() as AddressInfo;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
