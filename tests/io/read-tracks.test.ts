import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvRows, textChunks } from '../../src/io/csv-rows.ts';
import { tracksFromCsv, tracksFromGeoJson, tracksFromXml } from '../../src/io/read-tracks.ts';

const file = (name: string) => readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url), 'utf8');

describe('tracks from files', () => {
  it('reads a GPX track with its times', () => {
    const read = tracksFromXml(file('truck-entering.gpx'), 'gpx');
    expect(read.tracks).toHaveLength(1);
    expect(read.tracks[0]!.name).toBe('晋B·12345');
    expect(read.tracks[0]!.coordinates[0]).toEqual([113.45, 40.09]);
    expect(read.tracks[0]!.times[1]).toBe(Date.UTC(2026, 10, 30, 0, 4));
  });

  it('refuses malformed GPX with the line of the error', () => {
    expect(() => tracksFromXml(file('malformed.gpx'), 'gpx')).toThrow(/not valid GPX.*line 5/);
  });

  it('refuses a KML given as GPX and an empty document', () => {
    expect(() => tracksFromXml(file('truck-outside.kml'), 'gpx')).toThrow(/root element is <kml>/);
    expect(() => tracksFromGeoJson({ type: 'FeatureCollection', features: [] })).toThrow(/holds no track/);
  });

  it('reads a KML LineString', () => {
    const read = tracksFromXml(file('truck-outside.kml'), 'kml');
    expect(read.tracks[0]!.coordinates).toHaveLength(3);
  });

  it('reads CSV tracks grouped by plate, reporting a bad time with its line', async () => {
    const read = await tracksFromCsv(readCsvRows(textChunks(file('tracks.csv'))));
    expect(read.tracks.map((t) => [t.name, t.coordinates.length])).toEqual([
      ['晋B·12345', 3],
      ['晋B·67890', 2],
    ]);
    expect(read.refusals.map((r) => [r.line, r.reason.code])).toEqual([[6, 'BAD_TIME']]);
  });

  it('reports swapped and out-of-China points, keeping the rest', () => {
    const read = tracksFromGeoJson({
      type: 'Feature',
      properties: { name: 't' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [113.3, 40.09],
          [40.09, 113.3],
          [2.35, 48.85],
          [113.31, 40.09],
        ],
      },
    });
    expect(read.tracks[0]!.coordinates).toHaveLength(2);
    expect(read.refusals.map((r) => r.reason.code)).toEqual(['SWAPPED_LNG_LAT', 'OUTSIDE_CHINA']);
  });
});
