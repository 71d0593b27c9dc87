// Booking a ticket's effort into a specialist's calendar: the end of the booking is the promise.
import { bookEffort, releaseBookings } from '../db/bookings';
import type { Database } from '../db/pool';
import type { WorkingCalendar } from '../domain/calendar';

export interface BookWorkInput {
  ticketId: number;
  bookingKey: string;
  effortMinutes: number;
  calendar: WorkingCalendar;
  specialist?: string;
  startNow?: boolean;
}

export interface BookedWork {
  specialist: string | null;
  startsAt: string;
  promisedAt: string;
}

export function schedulingActivities(db: Database) {
  return {
    async bookWork(input: BookWorkInput): Promise<BookedWork> {
      const booking = await bookEffort(db, { ...input, now: new Date() });
      return {
        specialist: booking.specialist,
        startsAt: booking.startsAt.toISOString(),
        promisedAt: booking.endsAt.toISOString(),
      };
    },

    async releaseWork(input: { ticketId: number }): Promise<void> {
      await releaseBookings(db, input.ticketId, new Date());
    },
  };
}
