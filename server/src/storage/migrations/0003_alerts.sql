-- Every alert transition is one row (open, ack, snooze, unsnooze, resolve): the lifecycle is
-- auditable, and the current state of an alert is the row with the highest seq (docs/rules.md, "Alerts").
-- `evidence` is the JSON of the numbers, the rule and the call ids; `state` the whole alert after
-- the transition, so a restart reloads exactly what the screens last saw.
CREATE TABLE IF NOT EXISTS alerts
(
    id String,
    seq UInt32,
    at DateTime64(3, 'UTC'),
    transition LowCardinality(String),
    by String,
    status LowCardinality(String),
    rule_id LowCardinality(String),
    level LowCardinality(String),
    severity LowCardinality(String),
    team_id String DEFAULT '',
    agent_id String DEFAULT '',
    title String,
    note String DEFAULT '',
    opened_at DateTime64(3, 'UTC'),
    snoozed_until Nullable(DateTime64(3, 'UTC')),
    evidence String,
    state String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(opened_at)
ORDER BY (opened_at, id, seq)
TTL toDateTime(opened_at) + INTERVAL 400 DAY;
