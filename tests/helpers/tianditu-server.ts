/**
 * A 天地图 web-service stand-in on loopback (node:http) that answers in the documented formats, for tests of the
 * online place search (天地图 itself cannot be reached from the test machines):
 * - GET /geocoder?ds={"keyWord":"…"}&tk=… (地理编码, http://lbs.tianditu.gov.cn/server/geocodinginterface.html)
 *   → {"msg":"ok","location":{"score","level","lon","lat","keyWord"},"searchVersion","status":"0"}, or
 *   status "101" with no location when nothing matches.
 * - GET /v2/search?postStr={…}&type=query&tk=… (地名搜索 V2.0, http://lbs.tianditu.gov.cn/server/search2.html)
 *   → resultType 1 with pois [{name, address, phone, lonlat "lng,lat", poiType, hotPointID, province, city,
 *   county, typeName, …}] and status {infocode: 1000, cndesc: "服务正常"}; resultType 3 with an `area` for a
 *   district name; a postStr missing a required field gets infocode 2000 (参数错误) as the service does.
 * A wrong key gets HTTP 403 with a JSON reason. Answers carry CORS headers, as the service's do, so a page on
 * another loopback port can call it. The places are test fixtures with approximate coordinates, never app data.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A POI the stand-in knows (coordinates are CGCS2000, like the service's). */
export interface FixturePoi {
  name: string;
  address: string;
  lonlat: [number, number];
  typeName: string;
  phone?: string;
}

/** Datong POIs for the tests (approximate positions, for testing only). */
export const DATONG_POIS: FixturePoi[] = [
  {
    name: '华严寺',
    address: '大同市平城区下寺坡街',
    lonlat: [113.29157, 40.09264],
    typeName: '风景名胜',
    phone: '0352-2042898',
  },
  { name: '九龙壁', address: '大同市平城区大东街', lonlat: [113.30142, 40.09435], typeName: '风景名胜' },
  { name: '云冈石窟', address: '大同市云冈区云冈镇', lonlat: [113.12853, 40.11023], typeName: '风景名胜' },
  { name: '大同市第一人民医院', address: '大同市平城区新建南路', lonlat: [113.29561, 40.07742], typeName: '医院' },
  { name: '御河湾小区', address: '大同市平城区御河西路', lonlat: [113.31602, 40.10105], typeName: '住宅区' },
  // A same-named place far from Datong: the app must drop it.
  { name: '华严寺', address: '北京市延庆区', lonlat: [115.97, 40.46], typeName: '风景名胜' },
];

/** Addresses the geocoder resolves (keyWord → point and level). */
export const DATONG_ADDRESSES: Record<string, { lon: number; lat: number; level: string; score: number }> = {
  大同市平城区新建南路1号: { lon: 113.29561, lat: 40.07742, level: '门址', score: 100 },
  大同市平城区御河西路88号: { lon: 113.31523, lat: 40.10311, level: '门址', score: 100 },
};

const AREAS: Record<string, { lonlat: string; bound: string; level: number }> = {
  平城区: { lonlat: '113.29808,40.07572', bound: '113.1800,39.9800,113.4200,40.1600', level: 12 },
};

/** What a test can inspect: the requests (path, parsed ds/postStr, tk) the stand-in answered. */
export interface TiandituServer {
  url: string;
  requests: { path: string; tk: string | null; params: Record<string, unknown> }[];
  /** Stops answering (and closes the port): the app must fall back to offline search. */
  close: () => Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'access-control-allow-origin': '*',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
};

function parseJsonParam(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function answerSearch(res: ServerResponse, post: Record<string, unknown> | null): void {
  const required = ['keyWord', 'queryType', 'start', 'count'];
  if (!post || required.some((k) => post[k] === undefined) || ![1, 7, '1', '7'].includes(post.queryType as number)) {
    json(res, 200, { status: { infocode: 2000, cndesc: '参数错误' } });
    return;
  }
  const keyWord = String(post.keyWord);
  const area = AREAS[keyWord];
  if (area) {
    json(res, 200, {
      resultType: 3,
      count: 1,
      keyword: keyWord,
      area: { name: keyWord, bound: area.bound, lonlat: area.lonlat, level: area.level },
      status: { infocode: 1000, cndesc: '服务正常' },
    });
    return;
  }
  const start = Number(post.start);
  const count = Number(post.count);
  const found = DATONG_POIS.filter((p) => p.name.includes(keyWord) || p.address.includes(keyWord));
  json(res, 200, {
    resultType: 1,
    count: found.length,
    keyword: keyWord,
    pois: found.slice(start, start + count).map((p, i) => ({
      name: p.name,
      phone: p.phone ?? '',
      address: p.address,
      lonlat: `${p.lonlat[0].toFixed(6)},${p.lonlat[1].toFixed(6)}`,
      poiType: 101,
      eaddress: '',
      ename: '',
      hotPointID: `FIXTURE${String(DATONG_POIS.indexOf(p)).padStart(4, '0')}${i}`,
      province: p.lonlat[0] > 114 ? '北京市' : '山西省',
      provinceCode: p.lonlat[0] > 114 ? '156110000' : '156140000',
      city: p.lonlat[0] > 114 ? '' : '大同市',
      cityCode: p.lonlat[0] > 114 ? '' : '156140200',
      county: '',
      countyCode: '',
      source: '0',
      typeCode: '',
      typeName: p.typeName,
    })),
    status: { infocode: 1000, cndesc: '服务正常' },
  });
}

function answerGeocoder(res: ServerResponse, ds: Record<string, unknown> | null): void {
  const keyWord = typeof ds?.keyWord === 'string' ? ds.keyWord : '';
  const hit = DATONG_ADDRESSES[keyWord];
  if (!hit) {
    json(res, 200, { msg: '无结果', searchVersion: '6.4.9V', status: '101' });
    return;
  }
  json(res, 200, {
    msg: 'ok',
    location: { score: hit.score, level: hit.level, lon: String(hit.lon), lat: String(hit.lat), keyWord },
    searchVersion: '6.4.9V',
    status: '0',
  });
}

/** Starts the stand-in on 127.0.0.1 (`port` 0 = any free port). `key` is the only tk it accepts; `delayMs`
 *  holds every answer back (a slow network). */
export async function startTiandituServer(options: {
  key: string;
  port?: number;
  delayMs?: number;
}): Promise<TiandituServer> {
  const requests: TiandituServer['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const tk = url.searchParams.get('tk');
    const reply = () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET' });
        res.end();
        return;
      }
      if (url.pathname === '/geocoder') {
        const ds = parseJsonParam(url.searchParams.get('ds'));
        requests.push({ path: url.pathname, tk, params: ds ?? {} });
        if (tk !== options.key) return json(res, 403, { code: 1, msg: '权限类型错误' });
        return answerGeocoder(res, ds);
      }
      if (url.pathname === '/v2/search') {
        const post = parseJsonParam(url.searchParams.get('postStr'));
        requests.push({ path: url.pathname, tk, params: { ...(post ?? {}), type: url.searchParams.get('type') } });
        if (tk !== options.key) return json(res, 403, { code: 1, msg: '权限类型错误' });
        if (url.searchParams.get('type') !== 'query')
          return json(res, 200, { status: { infocode: 2000, cndesc: '参数错误' } });
        return answerSearch(res, post);
      }
      json(res, 404, { msg: 'not found' });
    };
    if (options.delayMs) setTimeout(reply, options.delayMs);
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
