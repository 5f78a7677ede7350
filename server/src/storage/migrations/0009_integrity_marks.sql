-- What the integrity checks at start remember (storage/integrity/): the phone-hash key's fingerprint (so a
-- new key, e.g. a lost secrets.json, is noticed instead of silently breaking the frequency cap) and how far
-- agent_minute was last known to match call_events (a heartbeat, so a crash is checked only since then).
-- The latest row of a name wins.
CREATE TABLE IF NOT EXISTS integrity_marks
(
    name String,
    value String,
    at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(at)
ORDER BY name;
