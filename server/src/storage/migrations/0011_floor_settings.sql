-- The floor's settings that readers outside FloorPulse need, written by the server at every start:
-- floor_tz (FLOOR_TZ), so Grafana's day buckets and "today" are the floor's days, not UTC's
-- (deploy/grafana/dashboards/floorpulse.json reads it as the hidden variable ${floor_tz}).
-- The latest row of a name wins.
CREATE TABLE IF NOT EXISTS floor_settings
(
    name String,
    value String,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name;
