-- Recreates the view when the data of an earlier version was moved from the engine's `default`
-- database (storage/engine/legacy.ts drops its views: they kept the old names inside). A no-op otherwise.
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
