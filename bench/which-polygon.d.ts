/** Types for which-polygon 2.2 (the package ships none): build a query over a FeatureCollection of polygons,
 *  then ask it for the properties of the polygon holding a point (null when none does). */
declare module 'which-polygon' {
  import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

  type Query = ((point: [number, number]) => Record<string, unknown> | null) &
    ((point: [number, number], multi: true) => Record<string, unknown>[] | null);
  export default function whichPolygon(data: FeatureCollection<Polygon | MultiPolygon>): Query;
}
