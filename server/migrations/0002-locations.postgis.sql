-- PostGIS (real PostgreSQL only): records get a geography point, kept in step with lng/lat by the database,
-- and a county's area a geometry, so "which records lie in this county" is one indexed ST_Covers.
ALTER TABLE records
  ADD COLUMN geog geography (Point, 4326)
  GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography) STORED;
CREATE INDEX records_geog ON records USING gist (geog);

ALTER TABLE agencies
  ADD COLUMN area_geom geometry (MultiPolygon, 4326)
  GENERATED ALWAYS AS (ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(area::text), 4326))) STORED;
CREATE INDEX agencies_area ON agencies USING gist (area_geom);
