-- Points (docs/metrics.md, "Points").
-- What each achievement is worth, edited by an admin (PUT /api/v1/points/rules): one row per rule key
-- per change; the latest row of a key wins. No row: the shipped default (server/src/points/points-defaults.ts).
CREATE TABLE IF NOT EXISTS points_rules
(
    key LowCardinality(String),
    points Int32,
    updated_at DateTime64(3, 'UTC'),
    updated_by String
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY key;
-- The ledger: one row per award, its id made of (rule, agent, the call's id or the local day), e.g.
-- sale:<agent>:<callId>, dailyGoalMet:<agent>:2026-12-01. A replay, a restart or a resent event writes
-- the same id again at most, and every reader reads FINAL, so an award counts once. No partition key:
-- FINAL collapses equal ids only within a partition, and an id's rows must always meet.
CREATE TABLE IF NOT EXISTS points_ledger
(
    id String,
    at DateTime64(3, 'UTC'),
    agent_id String,
    team_id String,
    rule LowCardinality(String),
    points Int32,
    ref String
)
ENGINE = ReplacingMergeTree
ORDER BY (agent_id, id)
TTL toDateTime(at) + INTERVAL 400 DAY;
