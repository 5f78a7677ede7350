-- A team's shift end (docs/people.md, "Roster"): local "HH:MM" in the team's zone, '' for none. After it,
-- the agent's page shows the day's summary (docs/people.md, "The agent's page"). Versions keep it like the
-- other columns; rows written before this migration read ''.
ALTER TABLE roster_teams ADD COLUMN IF NOT EXISTS shift_end String DEFAULT '';
