-- abandon_reported: the call.ended said whether it was abandoned (abandoned: true or false). A dialer that
-- never says has no abandoned-call rate: "—", not 0.0 % (docs/metrics.md, abandonRate). Rows stored before
-- this migration read it from `abandoned` (a DEFAULT expression is computed for parts written without it):
-- an abandoned call was reported as one; a false then was never said.
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS abandon_reported Bool DEFAULT abandoned AFTER abandoned;
