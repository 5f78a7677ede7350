import type { OutEvent } from '../../tools/connectors/core/out-event.js';

/** The i-th of a run of distinct dials for the delivery tests: its id is `t:<i>`, what they follow through queue and spool. */
export const numberedDial = (i: number): OutEvent => ({
  type: 'call.dialed',
  id: `t:${i}`,
  ts: 1_800_000_000_000 + i,
  teamId: 't',
  agentId: 'a',
  callId: `c${i}`,
  channel: 'human',
});
