/**
 * A bad network between the phones and the server, for the tests: an HTTP proxy on loopback that, per
 * request and from a seeded random sequence, passes it, drops it before the server sees it, loses the answer
 * after the server acted, sends it twice, delays it, or cuts it half way (the body of an upload, or the
 * answer of a request without a body). It counts
 * what it did, so a test can show every fault really happened.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { random } from '../../helpers/random-zones.ts';

/** What can happen to one request. */
export type Fault = 'pass' | 'drop' | 'lose-answer' | 'duplicate' | 'delay' | 'cut';

/** A running proxy. */
export interface FaultProxy {
  url: string;
  /** Where requests go (change it after the server restarts on another port). */
  target: URL;
  counts: Record<Fault, number>;
  close(): Promise<void>;
}

/** Starts a proxy to `target`; `faultShare` of the requests get a fault (spread evenly over the kinds). */
export async function startFaultProxy(target: string, seed = 1, faultShare = 0.4): Promise<FaultProxy> {
  const next = random(seed);
  const kinds: Fault[] = ['drop', 'lose-answer', 'duplicate', 'delay', 'cut'];
  const counts: Record<Fault, number> = { pass: 0, drop: 0, 'lose-answer': 0, duplicate: 0, delay: 0, cut: 0 };
  const proxy: FaultProxy = { url: '', target: new URL(target), counts, close: async () => undefined };

  const forward = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer, cutAt?: number) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer } | null>((resolve) => {
      const upstream = httpRequest(
        {
          host: proxy.target.hostname,
          port: proxy.target.port,
          method,
          path,
          headers: { ...headers, host: proxy.target.host, connection: 'close' },
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () =>
            resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(parts) }),
          );
          answer.on('error', () => resolve(null));
        },
      );
      upstream.on('error', () => resolve(null));
      if (cutAt === undefined) upstream.end(body);
      else {
        // Half the body, then the line goes dead.
        upstream.write(body.subarray(0, cutAt));
        setTimeout(() => {
          upstream.destroy();
          resolve(null);
        }, 30);
      }
    });

  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(parts);
      const fault: Fault = next() < faultShare ? (kinds[Math.floor(next() * kinds.length)] as Fault) : 'pass';
      const chosen = fault;
      counts[chosen]++;
      const headers = { ...req.headers };
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      if (chosen === 'drop') return req.socket.destroy();
      if (chosen === 'cut' && body.length >= 2) {
        await forward(method, path, headers, body, Math.floor(body.length / 2));
        return req.socket.destroy();
      }
      if (chosen === 'delay') await new Promise((r) => setTimeout(r, 50 + next() * 250));
      const answer = await forward(method, path, headers, body);
      if (chosen === 'duplicate') await forward(method, path, headers, body);
      if (!answer || chosen === 'lose-answer') return req.socket.destroy();
      const out = { ...answer.headers };
      delete out['transfer-encoding'];
      delete out.connection;
      out['content-length'] = String(answer.body.length);
      res.writeHead(answer.status, out);
      if (chosen === 'cut') {
        // A request without a body is cut on the way back: half the answer, then the line goes dead.
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        return setTimeout(() => req.socket.destroy(), 10);
      }
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
