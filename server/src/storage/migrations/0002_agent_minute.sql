-- Per agent per minute counts (30 s / 60 s thresholds: the defaults of docs/metrics.md). SummingMergeTree adds rows up on merge,
-- so always read it with sum(...) GROUP BY. `violation_flags` counts flags, not distinct calls:
-- use call_events for the exact `violations` of a window.
CREATE TABLE IF NOT EXISTS agent_minute
(
    minute DateTime('UTC'),
    team_id String,
    agent_id String,
    channel LowCardinality(String),
    dialed UInt32,
    answered UInt32,
    ended UInt32,
    early_hangups UInt32,
    effective UInt32,
    sales UInt32,
    leads UInt32,
    violation_flags UInt32,
    reminders UInt32,
    complaints UInt32,
    talk_seconds Float64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, team_id, agent_id, channel)
TTL minute + INTERVAL 400 DAY;

-- Filled by ClickHouse itself in the same insert as call_events, so it can never drift from it
-- (a crash between two separate writes could otherwise lose or double a minute).
CREATE MATERIALIZED VIEW IF NOT EXISTS agent_minute_mv TO agent_minute AS
SELECT
    toStartOfMinute(ts) AS minute,
    team_id,
    agent_id,
    channel,
    countIf(type = 'call.dialed') AS dialed,
    countIf(type = 'call.answered') AS answered,
    countIf(type = 'call.ended' AND is_answered) AS ended,
    countIf(type = 'call.ended' AND is_answered AND hangup_by = 'customer' AND talk < 30) AS early_hangups,
    countIf(type = 'call.ended' AND is_answered AND talk >= 60) AS effective,
    countIf(type = 'call.outcome' AND outcome = 'sale') AS sales,
    countIf(type = 'call.outcome' AND outcome = 'lead') AS leads,
    countIf(type = 'compliance.flag' AND severity = 'violation') AS violation_flags,
    countIf(type = 'compliance.flag' AND severity = 'reminder') AS reminders,
    countIf(type = 'compliance.flag' AND rule = 'complaint') AS complaints,
    sumIf(talk, type = 'call.ended' AND is_answered) AS talk_seconds
-- Renamed in a subquery: the output names `answered` and `talk_seconds` would shadow the columns.
FROM (SELECT ts, team_id, agent_id, channel, type, answered AS is_answered, talk_seconds AS talk, hangup_by, outcome, severity, rule FROM call_events)
GROUP BY minute, team_id, agent_id, channel;
