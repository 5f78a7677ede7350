import type { ClickHouseClient } from '@clickhouse/client';
import type { RecordingAnswer } from '@floorpulse/shared';
import { Router } from 'express';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import { TABLES } from '../storage/tables.js';

/**
 * GET /api/v1/calls/:callId/recording: the link a dialer sent on the call's call.ended (recordingUrl),
 * for a supervisor opening it from an alert card. Supervisors only: the link is never on a wall, in a log
 * or in the analysts' views (recording_url is private: analyst/analyst-views.ts). 404 when none was sent.
 */
export function recordingRoute(deps: { access: Access; client: ClickHouseClient }): Router {
  const router = Router();
  router.get('/api/v1/calls/:callId/recording', requireRole(deps.access, 'supervisor'), async (req, res, next) => {
    try {
      const callId = String(req.params.callId);
      if (callId.length === 0 || callId.length > 256) return void res.status(400).json({ error: 'callId: must be 1 to 256 characters' });
      const rs = await deps.client.query({
        query: `SELECT recording_url AS url FROM ${TABLES.events}
                WHERE call_id = {callId:String} AND type = 'call.ended' AND recording_url != ''
                ORDER BY ts DESC LIMIT 1`,
        query_params: { callId },
        format: 'JSONEachRow',
      });
      const row = (await rs.json<{ url: string }>())[0];
      if (!row) return void res.status(404).json({ error: 'callId: no recording was sent for this call' });
      res.json({ callId, url: row.url } satisfies RecordingAnswer);
    } catch (e) {
      next(e);
    }
  });
  return router;
}
