-- One row per accepted event. The clear phone never lands here: only its keyed hash.
-- Ordered by time first so that window queries (the live rates' SQL) read one range.
CREATE TABLE IF NOT EXISTS call_events
(
    id String,
    type LowCardinality(String),
    ts DateTime64(3, 'UTC'),
    team_id String,
    agent_id String,
    campaign_id String DEFAULT '',
    call_id String DEFAULT '',
    channel LowCardinality(String) DEFAULT '',
    phone_hash String DEFAULT '',
    consent_expires_at Nullable(DateTime64(3, 'UTC')),
    answered Nullable(Bool),
    talk_seconds Float64 DEFAULT 0,
    hangup_by LowCardinality(String) DEFAULT '',
    outcome LowCardinality(String) DEFAULT '',
    amount Nullable(Float64),
    rule LowCardinality(String) DEFAULT '',
    severity LowCardinality(String) DEFAULT '',
    state LowCardinality(String) DEFAULT '',
    message String DEFAULT '',
    derived Bool DEFAULT false,
    received_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (toStartOfHour(ts), team_id, agent_id, ts, id)
TTL toDateTime(ts) + INTERVAL 400 DAY;
