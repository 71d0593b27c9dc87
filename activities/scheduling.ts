// Booking a ticket's effort into a specialist's calendar: the end of the booking is the promise. The effort is
// the estimate and a margin calibrated from the promise outcomes recorded so far (db/promiseCalibration.ts).
// When urgent work pushes planned work later, each ticket whose promise moved is told so: the moves are
// recorded with the booking, and every attempt (a retry finds the booking made) tells what is still untold.
import type { Client } from '@temporalio/client';
import { bookEffort, releaseBookings } from '../db/bookings';
import { bookingMargin, forgetCalibration, type MarginRequest } from '../db/promiseCalibration';
import type { Database } from '../db/pool';
import type { WorkingCalendar } from '../domain/calendar';
import type { Urgency } from '../domain/ticket';
import { tellMovedPromises } from './promiseMoves';

export interface BookWorkInput extends MarginRequest {
  ticketId: number;
  bookingKey: string;
  calendar: WorkingCalendar;
  specialist?: string;
  urgency?: Urgency;
  channel?: 'email' | 'voice'; // voice: a callback, worked by phone
  startNow?: boolean; // histories recorded before urgency-ordered queues sent this for emergencies
}

export interface BookedWork {
  specialist: string | null;
  startsAt: string;
  workStartsAt: string; // the first working moment of the booking in the specialist's calendar: a callback's time
  promisedAt: string;
  displacedTickets: number;
  marginShare?: number | null; // booked on top of the estimate
}

export function schedulingActivities(db: Database, temporal?: Client) {
  return {
    async bookWork(input: BookWorkInput): Promise<BookedWork> {
      const {
        startNow,
        estimateMinutes: _estimate,
        promiseTarget: _target,
        promiseMarginShare: _share,
        ...request
      } = input;
      const urgency = input.urgency ?? (startNow ? 'emergency' : 'normal');
      const now = new Date();
      const margin = await bookingMargin(db, input, now);
      const booking = await bookEffort(db, { ...request, margin, urgency, now });
      if (temporal) await tellMovedPromises(db, temporal, { causedBy: request });
      return {
        specialist: booking.specialist,
        startsAt: booking.startsAt.toISOString(),
        workStartsAt: booking.workStartsAt.toISOString(),
        promisedAt: booking.endsAt.toISOString(),
        displacedTickets: booking.displaced.length,
        marginShare: booking.marginShare,
      };
    },

    async releaseWork(input: { ticketId: number }): Promise<void> {
      await releaseBookings(db, input.ticketId, new Date());
      // The work is over, so its outcome is known: the next booking learns from it.
      forgetCalibration(db);
    },
  };
}
