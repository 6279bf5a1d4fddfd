/**
 * A tile server of our own on loopback that answers 天地图's WMTS key-value GetTile requests for the `_w`
 * layers as documented (http://lbs.tianditu.gov.cn/server/MapService.html):
 *   /vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w
 *     &FORMAT=tiles&TILEMATRIX=z&TILEROW=y&TILECOL=x&tk=KEY
 * with real PNG tiles (scripts/render-fixture-tile.ts), 403 and a JSON body for a missing or wrong key, 400
 * for a malformed request, CORS open (the app fetches tiles cross-origin) and `Cache-Control: no-store`, so a
 * tile shown with this server stopped can only have come from the app's own cache, not the browser's.
 * It can be stopped and started again on the same port, and slowed down (to cancel a download midway).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderFixtureTile } from '../../scripts/render-fixture-tile.ts';

/** A tile request the server answered with a tile. */
export interface ServedTile {
  layer: 'vec' | 'cva';
  z: number;
  x: number;
  y: number;
  bytes: number;
  host: string;
}

/** The running server. */
export interface TileServer {
  port: number;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  served: ServedTile[];
  /** Requests refused (bad key or malformed), with the status sent. */
  refused: { status: number; url: string }[];
  /** Milliseconds to wait before answering each tile. */
  delayMs: number;
  stop: () => Promise<void>;
  start: () => Promise<void>;
}

/** Starts the server on 127.0.0.1 (`port` 0: any free port). */
export async function startTileServer(key: string, port = 0): Promise<TileServer> {
  let server: Server | null = null;
  const sockets = new Set<import('node:net').Socket>();
  const state: TileServer = {
    port,
    url: '',
    served: [],
    refused: [],
    delayMs: 0,
    stop: async () => {
      const s = server;
      server = null;
      if (!s) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: async () => {
      const s = createServer(
        (request, response) => void answer(request.url ?? '/', request.headers.host ?? '', response),
      );
      s.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => s.listen(state.port, '127.0.0.1', resolve));
      state.port = (s.address() as AddressInfo).port;
      state.url = `http://127.0.0.1:${state.port}`;
      server = s;
    },
  };
  const answer = async (path: string, host: string, response: import('node:http').ServerResponse) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Cache-Control', 'no-store');
    const url = new URL(path, 'http://x');
    const match = /^\/(vec|cva)_w\/wmts$/.exec(url.pathname);
    // 天地图 accepts the parameter names in any case, as WMTS KVP allows.
    const q = new Map([...url.searchParams].map(([k, v]) => [k.toUpperCase(), v]));
    const refuse = (status: number, body: object) => {
      state.refused.push({ status, url: path });
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (!match) return refuse(404, { msg: 'no such service' });
    const layer = match[1] as 'vec' | 'cva';
    const expected: Record<string, string> = {
      SERVICE: 'WMTS',
      REQUEST: 'GetTile',
      VERSION: '1.0.0',
      LAYER: layer,
      STYLE: 'default',
      TILEMATRIXSET: 'w',
      FORMAT: 'tiles',
    };
    for (const [name, value] of Object.entries(expected))
      if (q.get(name)?.toLowerCase() !== value.toLowerCase()) return refuse(400, { msg: `bad ${name}` });
    if (q.get('TK') !== key) return refuse(403, { msg: '权限验证失败', resolve: 'tk 无效', code: '1' });
    const [z, y, x] = ['TILEMATRIX', 'TILEROW', 'TILECOL'].map((n) => Number(q.get(n) ?? 'x')) as [
      number,
      number,
      number,
    ];
    if (![z, x, y].every(Number.isInteger) || z < 1 || z > 18 || x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z)
      return refuse(400, { msg: 'bad tile' });
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    const png = renderFixtureTile(layer, z, x, y);
    state.served.push({ layer, z, x, y, bytes: png.length, host });
    response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
    response.end(png);
  };
  await state.start();
  return state;
}
