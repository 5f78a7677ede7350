-- A call's recording link, from call.ended's recordingUrl ('' when the dialer sent none). Private: not in
-- the analysts' views (analyst-views.ts), never on a wall; supervisors open it from an alert card.
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS recording_url String DEFAULT '' AFTER abandoned;
