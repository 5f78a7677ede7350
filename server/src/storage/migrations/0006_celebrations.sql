-- Celebrations already shown, by their stable id (sale:<eventId>, <rule>:<scope>:<local day>):
-- read at start so a restart, a replay or a duplicate never fires one again (docs/rules.md, "Celebrations — exactly once").
CREATE TABLE IF NOT EXISTS celebrations
(
    id String,
    at DateTime64(3, 'UTC'),
    kind LowCardinality(String),
    rule_id LowCardinality(String),
    team_id String DEFAULT '',
    agent_id String DEFAULT '',
    title String,
    detail String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, id)
TTL toDateTime(at) + INTERVAL 400 DAY;
