/**
 * Finds the longitude, latitude, time, id and track columns of a CSV by header, in English or Chinese
 * (经度/纬度, 时间, 名称, 车牌 …). A header the caller names explicitly wins.
 */
import { InputError } from '../errors.ts';

const LNG = ['lng', 'lon', 'long', 'longitude', 'x', '经度', '东经', 'wgs84_lng', 'gcj02_lng', 'bd09_lng'];
const LAT = ['lat', 'latitude', 'y', '纬度', '北纬', 'wgs84_lat', 'gcj02_lat', 'bd09_lat'];
const PAIR = ['coordinates', 'coordinate', 'location', 'lnglat', '坐标', '经纬度', '位置'];
const TIME = ['time', 'timestamp', 'datetime', 'date_time', 'gps_time', '时间', '定位时间', '日期时间'];
const ID = ['id', 'name', 'label', '编号', '名称', '名字', '地址'];
const TRACK = ['track', 'track_id', 'trip', 'plate', 'vehicle', '车牌', '车牌号', '轨迹', '车辆'];

/** Where the columns are (0-based), or -1. */
export interface Columns {
  lng: number;
  lat: number;
  /** A single column holding "lng, lat" text, when there are no separate columns. */
  pair: number;
  time: number;
  id: number;
  track: number;
}

/** Reads the header row. Throws InputError (MISSING_COLUMN) naming what is missing. */
export function findColumns(header: readonly string[], named: { lng?: string; lat?: string } = {}): Columns {
  const keys = header.map((h) => h.trim().toLowerCase());
  const find = (names: readonly string[], explicit?: string) => {
    if (explicit !== undefined) {
      const at = keys.indexOf(explicit.trim().toLowerCase());
      if (at < 0)
        throw new InputError('MISSING_COLUMN', `no column named "${explicit}" (columns: ${shownHeader(header)})`);
      return at;
    }
    return keys.findIndex((k) => names.includes(k));
  };
  const columns: Columns = {
    lng: find(LNG, named.lng),
    lat: find(LAT, named.lat),
    pair: keys.findIndex((k) => PAIR.includes(k)),
    time: find(TIME),
    id: find(ID),
    track: find(TRACK),
  };
  if ((columns.lng < 0 || columns.lat < 0) && columns.pair < 0)
    throw new InputError(
      'MISSING_COLUMN',
      `no longitude/latitude columns found (looked for ${LNG.slice(0, 4).join('/')}/经度 and ${LAT.slice(0, 3).join('/')}/纬度; columns: ${shownHeader(header)})`,
    );
  return columns;
}

/** The header as a message shows it: ten columns of up to 40 characters at most, so that a file whose first
 *  line is a megabyte long does not end up whole in the message. */
export function shownHeader(header: readonly string[]): string {
  const clip = (h: string) => (h.length > 40 ? `${h.slice(0, 40)}…` : h);
  const shown = header.slice(0, 10).map(clip).join(', ');
  return header.length > 10 ? `${shown}, … (${header.length} columns)` : shown;
}
