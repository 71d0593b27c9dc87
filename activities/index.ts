// All activities, built from their dependencies so that tests hand in real ones without globals.
import type { Client } from '@temporalio/client';
import type { Database } from '../db/pool';
import type { Mailer } from '../mail/mailer';
import { createMetrics, type Metrics } from '../platform/metrics';
import { silentLogger, type Logger } from '../platform/logger';
import { letterActivities, type LetterSettings } from './letters';
import { schedulingActivities } from './scheduling';
import { ticketActivities } from './tickets';

export interface ActivityDependencies {
  db: Database;
  mailer: Mailer;
  letters: LetterSettings;
  temporal?: Client; // to tell other tickets their promise moved
  metrics?: Metrics; // the letters count what they send; a registry nobody scrapes when not given
  logger?: Logger;
}

export function createActivities({
  db,
  mailer,
  letters,
  temporal,
  metrics = createMetrics(),
  logger = silentLogger,
}: ActivityDependencies) {
  return {
    ...ticketActivities(db, logger),
    ...letterActivities(db, mailer, letters, logger, metrics),
    ...schedulingActivities(db, temporal),
  };
}

export type TicketActivities = ReturnType<typeof createActivities>;
