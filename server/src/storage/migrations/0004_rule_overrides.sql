-- Admin overrides of the default rules (rules/defaults.json), one row per PUT: the latest row of a
-- rule id wins, earlier ones stay as the history of who changed a threshold and when.
CREATE TABLE IF NOT EXISTS rule_overrides
(
    rule_id String,
    at DateTime64(3, 'UTC'),
    by String,
    rule String
)
ENGINE = MergeTree
ORDER BY (rule_id, at);
