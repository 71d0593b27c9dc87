// All activities, built from their dependencies so that tests hand in real ones without globals.
import type { Client } from '@temporalio/client';
import type { Database } from '../db/pool';
import type { Mailer } from '../mail/mailer';
import { createMetrics, type Metrics } from '../platform/metrics';
import { letterActivities, type LetterSettings } from './letters';
import { schedulingActivities } from './scheduling';
import { ticketActivities } from './tickets';

export interface ActivityDependencies {
  db: Database;
  mailer: Mailer;
  letters: LetterSettings;
  temporal?: Client; // to tell other tickets their promise moved
  metrics?: Metrics; // the letters count what they send; a registry nobody scrapes when not given
}

export function createActivities({
  db,
  mailer,
  letters,
  temporal,
  metrics = createMetrics(),
}: ActivityDependencies) {
  return {
    ...ticketActivities(db),
    ...letterActivities(db, mailer, letters, metrics),
    ...schedulingActivities(db, temporal),
  };
}

export type TicketActivities = ReturnType<typeof createActivities>;
