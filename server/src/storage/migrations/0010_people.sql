-- People (docs/people.md): the roster, the users who sign in, revoked sessions and the TVs' display links.
-- Every table keeps each change as a row with its time and author (`by`: a login, or token:<role>); the
-- current state of an id is its latest row, so history can say who was on which team when.

CREATE TABLE IF NOT EXISTS roster_agents
(
    id String,
    name String,
    team_id String,
    channel LowCardinality(String),
    supervisor String DEFAULT '',
    active Bool,
    at DateTime64(3, 'UTC'),
    by String
)
ENGINE = MergeTree
ORDER BY (id, at);

CREATE TABLE IF NOT EXISTS roster_teams
(
    id String,
    name String,
    time_zone String,
    supervisors Array(String),
    at DateTime64(3, 'UTC'),
    by String
)
ENGINE = MergeTree
ORDER BY (id, at);

-- password_hash: argon2id. Never in an analyst's view (analyst-views.ts declares the table private).
CREATE TABLE IF NOT EXISTS users
(
    login String,
    name String,
    role LowCardinality(String),
    teams Array(String),
    agent_id String DEFAULT '',
    active Bool,
    password_hash String DEFAULT '',
    at DateTime64(3, 'UTC'),
    by String
)
ENGINE = MergeTree
ORDER BY (login, at);

-- A signed-out session stays refused until it would have expired anyway; then its row is gone.
CREATE TABLE IF NOT EXISTS session_revocations
(
    session_id String,
    expires_at DateTime64(3, 'UTC'),
    at DateTime64(3, 'UTC'),
    by String
)
ENGINE = MergeTree
ORDER BY (expires_at, session_id)
TTL toDateTime(expires_at) + INTERVAL 1 DAY;

-- A TV's link: its secret is shown once at creation; only its SHA-256 is kept (it is 256 random bits).
CREATE TABLE IF NOT EXISTS display_links
(
    id String,
    name String,
    secret_hash String,
    scope String,
    rotate UInt32,
    lang LowCardinality(String),
    frame_ancestors Array(String),
    created_at DateTime64(3, 'UTC'),
    created_by String,
    revoked_at Nullable(DateTime64(3, 'UTC')),
    at DateTime64(3, 'UTC'),
    by String
)
ENGINE = MergeTree
ORDER BY (id, at);
