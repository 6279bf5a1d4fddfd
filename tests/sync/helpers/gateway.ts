/**
 * A line to the server that can be cut and restored, on one fixed loopback port (so the app's saved server
 * address stays the same): while down, every connection is closed at once, as when the phone has no network.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running gateway. */
export interface Gateway {
  url: string;
  up: boolean;
  /** Requests that reached the server through it. */
  passed: number;
  close(): Promise<void>;
}

/** Starts a gateway to `target` (up). */
export async function startGateway(target: string): Promise<Gateway> {
  const to = new URL(target);
  const gateway: Gateway = { url: '', up: true, passed: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (!gateway.up) return req.socket.destroy();
    gateway.passed++;
    const upstream = httpRequest(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateway.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gateway;
}
