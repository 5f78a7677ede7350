-- What dialers tell beyond the call's own life (docs/metrics.md, machineAnswered, abandoned, time in state):
-- answered_by: the answering-machine detection's result on call.answered (human, machine, unknown; '' when
-- the dialer ran none); abandoned: a call.ended whose answered call was dropped before an agent or a robot
-- took it; state_reason: the dialer's own reason for an agent.state (a pause code such as LUNCH).
-- Defaults equal "not said", so every row stored before this migration reads as it did.
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS answered_by LowCardinality(String) DEFAULT '' AFTER answered;
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS abandoned Bool DEFAULT false AFTER hangup_by;
ALTER TABLE call_events ADD COLUMN IF NOT EXISTS state_reason String DEFAULT '' AFTER state;
