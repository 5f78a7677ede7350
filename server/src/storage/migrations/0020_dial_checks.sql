-- Pre-dial checks counted per minute (docs/metrics.md, "Dials stopped by the pre-dial check"), written by
-- server/src/compliance/check-counts.ts every few seconds. Two kinds of row, told apart by `reason`:
--   reason = ''    one per check: result 'allowed' or 'refused'; sum these for checks, allowed and refused;
--   reason = rule  one per rule a refused check broke (result 'refused'); a check refused for two rules is
--                  one refused check (reason '') and one count for each of its two rules.
-- So sum(checks) over every row double counts: read checks from reason = '' only, reasons from the rest.
-- SummingMergeTree adds rows of the same key up on merge, so always read with sum() ... GROUP BY.
-- No phone, no hash, no agent: a count of questions per team, the roster names the team on screens.
CREATE TABLE IF NOT EXISTS dial_check_counts
(
    minute DateTime('UTC'),
    team_id String,
    result LowCardinality(String),
    reason LowCardinality(String),
    checks UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, team_id, result, reason)
TTL minute + INTERVAL 400 DAY;
