-- The numbers the floor's motivation material names (docs/metrics.md).
-- lead_call_id: on every event of a hot-lead follow-up call, the robot call that screened the lead
-- (sent on the dial, stamped on the call's other events at ingest, as the channel is).
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS lead_call_id String DEFAULT '' AFTER channel;
