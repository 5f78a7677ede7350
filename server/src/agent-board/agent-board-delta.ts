import type { AgentBoard, AgentBoardDelta } from '@floorpulse/shared';

/** A room's last sent rows, by agent id, as JSON: what the next delta is measured against. */
export type SentRows = Map<string, string>;

/**
 * The rows of `board` that differ from what the room was last sent, and the agents no longer in it.
 * Null when nothing changed (no emit). Whole rows, never field patches: a screen that joined between
 * two deltas (its snapshot newer than the room's last) still ends on the same rows.
 */
export function boardDelta(sent: SentRows, board: AgentBoard): AgentBoardDelta | null {
  const rows = [];
  const seen = new Set<string>();
  for (const row of board.rows) {
    seen.add(row.agentId);
    const json = JSON.stringify(row);
    if (sent.get(row.agentId) === json) continue;
    sent.set(row.agentId, json);
    rows.push(row);
  }
  const removed = [...sent.keys()].filter((id) => !seen.has(id));
  for (const id of removed) sent.delete(id);
  if (!rows.length && !removed.length) return null;
  return { ...board, rows, removed };
}
