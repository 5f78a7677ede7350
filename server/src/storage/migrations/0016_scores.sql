-- The weighted scores' weights (docs/metrics.md, "Weighted scores"), set as a whole by an admin: each PUT
-- writes both scores' parts under one version; the current weights are the rows of the highest version
-- (none: the material's defaults, 20/30/30/20 and 40/30/30).
CREATE TABLE IF NOT EXISTS score_weights
(
    version UInt64,
    by String,
    at DateTime64(3, 'UTC'),
    score LowCardinality(String),
    part LowCardinality(String),
    weight UInt8
)
ENGINE = MergeTree
ORDER BY (version, score, part);
-- Star of the week, announced once when the floor's week closes (docs/metrics.md, "Star of the week"):
-- one row per closed week that has a star, written before the celebration and read before announcing, so a
-- restart never announces a week twice.
CREATE TABLE IF NOT EXISTS stars_of_week
(
    week_start Date,
    agent_id String,
    team_id String,
    score Float64,
    dialed UInt64,
    sales UInt64,
    announced_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(announced_at)
ORDER BY week_start;
