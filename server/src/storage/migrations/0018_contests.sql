-- Contests (docs/rules.md, "Contests"): one row per version of a contest; the current one is the highest
-- version (a cancellation writes a new version with cancelled_at set). Read with FINAL.
CREATE TABLE IF NOT EXISTS contests
(
    id String,
    version UInt64,
    name String,
    kind LowCardinality(String),
    metric LowCardinality(String),
    from_ts DateTime64(3, 'UTC'),
    to_ts DateTime64(3, 'UTC'),
    target Nullable(Float64),
    participants Array(String),
    created_by String,
    created_at DateTime64(3, 'UTC'),
    cancelled_at Nullable(DateTime64(3, 'UTC')),
    cancelled_by String DEFAULT ''
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;
-- A decided contest's result, written once it was announced: every process that decides it computes the same
-- row from SQL, so a second write replaces the first with itself. standings: JSON of [{participant, value, reachedAt?}].
CREATE TABLE IF NOT EXISTS contest_results
(
    contest_id String,
    decided_at DateTime64(3, 'UTC'),
    closed_at DateTime64(3, 'UTC'),
    winners Array(String),
    standings String
)
ENGINE = ReplacingMergeTree
ORDER BY contest_id;
