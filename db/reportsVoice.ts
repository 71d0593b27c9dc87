// Voice support in a range: the tickets whose client asked for a call, the callbacks booked for organisations that
// bought voice support, and the requests answered that it is a paid service, by the ticket's organisation.
import type { Database } from './pool';

export interface VoiceRow {
  organisation: { id: number; name: string; voiceSupport: boolean } | null; // null: no organisation
  requests: number; // the client asked for a call (the automatic guess or the specialist says so)
  callbacks: number; // a callback was booked
  explained: number; // the receipt said voice support is a paid service
  callbackMinutes: number; // working minutes booked for the callbacks still standing
}

export async function voiceSupport(db: Database, range: { from: Date; to: Date }): Promise<VoiceRow[]> {
  const result = await db.query<{
    id: string | null;
    name: string | null;
    voice_support: boolean | null;
    requests: number;
    callbacks: number;
    explained: number;
    callback_minutes: number;
  }>(
    `SELECT o.id, o.name, o.voice_support,
            count(*) FILTER (WHERE t.phone_requested)::int AS requests,
            count(*) FILTER (WHERE t.callback_at IS NOT NULL)::int AS callbacks,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ticket_events e
                                            WHERE e.ticket_id = t.id AND e.kind = 'voice_requested'
                                              AND e.details->>'option' = 'paid_extra'))::int AS explained,
            COALESCE(sum((SELECT sum(b.effort_minutes) FROM bookings b
                           WHERE b.ticket_id = t.id AND b.channel = 'voice' AND b.cancelled_at IS NULL)), 0)::int
              AS callback_minutes
       FROM tickets t LEFT JOIN organisations o ON o.id = t.organisation_id
      WHERE t.received_at >= $1 AND t.received_at < $2 AND (t.phone_requested OR t.callback_at IS NOT NULL)
      GROUP BY o.id, o.name, o.voice_support
      ORDER BY o.name NULLS LAST`,
    [range.from, range.to],
  );
  return result.rows.map((row) => ({
    organisation:
      row.id === null
        ? null
        : { id: Number(row.id), name: row.name ?? '', voiceSupport: !!row.voice_support },
    requests: row.requests,
    callbacks: row.callbacks,
    explained: row.explained,
    callbackMinutes: row.callback_minutes,
  }));
}
