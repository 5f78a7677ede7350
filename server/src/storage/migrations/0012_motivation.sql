-- The numbers the floor's motivation material names (docs/metrics.md).
-- lead_call_id: on every event of a hot-lead follow-up call, the robot call that screened the lead
-- (sent on the dial, stamped on the call's other events at ingest, as the channel is).
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS lead_call_id String DEFAULT '' AFTER channel;
-- call.rated: the customer's satisfaction, 1-5; qa.scored: a QA sheet's items, 0-100 each. 0 on every
-- other event (the type says which rows carry them: every definition filters on it, docs/metrics.md).
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS satisfaction UInt8 DEFAULT 0 AFTER message;
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS qa_script UInt8 DEFAULT 0 AFTER satisfaction;
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS qa_discovery UInt8 DEFAULT 0 AFTER qa_script;
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS qa_attitude UInt8 DEFAULT 0 AFTER qa_discovery;
