/**
 * Records out as files for the office: CSV that Excel and WPS open with Chinese intact (UTF-8 BOM, CRLF,
 * formula-like cells neutralised by csv-write.ts), GeoJSON, and KML for 奥维互动地图 / Google Earth (text
 * escaped as XML). A violation report's private contact is left out unless the caller asks for it.
 */
import type { FieldRecord } from '../records/record.ts';
import { csvLine, UTF8_BOM } from './csv-write.ts';

/** Options for every export. */
export interface ExportOptions {
  /** Include reporters' contact details (default: redacted). */
  includeContacts?: boolean;
  /** The exporting device and its key fingerprint, printed on the file (a label, not a signature: only
   *  backups are signed, decision 0015). */
  exportedBy?: { deviceId: string; fingerprint: string };
}

const COLUMNS = [
  'id',
  'kind',
  'status',
  'created_at',
  'updated_at',
  'deleted',
  'lng',
  'lat',
  'accuracy_m',
  'location_source',
  'zone_status',
  'zone_version',
  'author_role',
  'officer_id',
  'device_id',
  'photos',
  'fields',
] as const;

/** Flattened kind-specific fields, contacts redacted unless asked. */
export function exportedFields(record: FieldRecord, options: ExportOptions = {}): Record<string, unknown> {
  const fields = { ...(record.fields as unknown as Record<string, unknown>) };
  if (record.kind === 'violation-report' && !options.includeContacts && fields.contact) fields.contact = '(redacted)';
  return fields;
}

/** CSV with a UTF-8 BOM. */
export function recordsToCsv(records: readonly FieldRecord[], options: ExportOptions = {}): string {
  // Two trailing columns, not a comment line: Excel and every CSV reader keep the header on the first line.
  const by = options.exportedBy;
  let out = UTF8_BOM + csvLine(by ? [...COLUMNS, 'exported_by_device', 'export_key_fingerprint'] : COLUMNS);
  for (const r of records) {
    out += csvLine([
      r.id,
      r.kind,
      r.status,
      r.createdAt,
      r.updatedAt,
      r.deleted,
      r.location.lng,
      r.location.lat,
      r.location.accuracyM,
      r.location.source,
      r.zoneAnswer?.status ?? '',
      r.zoneAnswer?.zoneVersion ?? '',
      r.author.role,
      r.author.officerId,
      r.deviceId,
      r.photos.map((p) => p.sha256).join(' '),
      JSON.stringify(exportedFields(r, options)),
      ...(by ? [by.deviceId, by.fingerprint] : []),
    ]);
  }
  return out;
}

/** A GeoJSON FeatureCollection, one Point feature a record. */
export function recordsToGeoJson(records: readonly FieldRecord[], options: ExportOptions = {}): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    // A foreign member (RFC 7946 §6.1): GeoJSON readers keep or ignore it.
    ...(options.exportedBy && {
      coalzone: { exportedBy: options.exportedBy.deviceId, keyFingerprint: options.exportedBy.fingerprint },
    }),
    features: records.map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: { type: 'Point', coordinates: [r.location.lng, r.location.lat] },
      properties: {
        kind: r.kind,
        status: r.status,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        deleted: r.deleted,
        accuracyM: r.location.accuracyM,
        zone: r.zoneAnswer,
        author: r.author,
        fields: exportedFields(r, options),
        statusHistory: r.statusHistory,
      },
    })),
  });
}

/** KML 2.2 with one Placemark a record. */
export function recordsToKml(records: readonly FieldRecord[], options: ExportOptions = {}): string {
  const placemarks = records.map((r) => {
    const fields = exportedFields(r, options);
    const name = String(fields.name ?? fields.owner ?? fields.what ?? r.kind);
    const data = Object.entries({
      kind: r.kind,
      status: r.status,
      createdAt: r.createdAt,
      zone: r.zoneAnswer?.status ?? '',
      ...fields,
    })
      .map(
        ([k, v]) =>
          `<Data name="${xml(k)}"><value>${xml(typeof v === 'string' ? v : JSON.stringify(v))}</value></Data>`,
      )
      .join('');
    return `<Placemark id="${xml(r.id)}"><name>${xml(name)}</name><ExtendedData>${data}</ExtendedData><Point><coordinates>${r.location.lng},${r.location.lat},0</coordinates></Point></Placemark>`;
  });
  const by = options.exportedBy;
  const about = by
    ? `<description>${xml(`导出设备 exported by device ${by.deviceId} · 密钥指纹 key fingerprint ${by.fingerprint}`)}</description>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>coalzone records</name>${about}${placemarks.join('')}</Document></kml>\n`;
}

function xml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}
