-- Goals are set as a whole (PUT /api/v1/goals): each PUT writes its goals under one version; the
-- current goals are the rows of the highest version. A row with id '' marks a version, so an
-- empty set is a set too.
CREATE TABLE IF NOT EXISTS goals
(
    version UInt64,
    by String,
    id String,
    scope String,
    metric LowCardinality(String),
    period LowCardinality(String),
    target Float64
)
ENGINE = MergeTree
ORDER BY (version, id);
