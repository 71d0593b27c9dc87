// All activities, built from their dependencies so that tests hand in real ones without globals.
import type { Client } from '@temporalio/client';
import type { Database } from '../db/pool';
import type { Mailer } from '../mail/mailer';
import { silentLogger, type Logger } from '../platform/logger';
import { letterActivities, type LetterSettings } from './letters';
import { schedulingActivities } from './scheduling';
import { ticketActivities } from './tickets';

export interface ActivityDependencies {
  db: Database;
  mailer: Mailer;
  letters: LetterSettings;
  temporal?: Client; // to tell other tickets their promise moved
  logger?: Logger;
}

export function createActivities({
  db,
  mailer,
  letters,
  temporal,
  logger = silentLogger,
}: ActivityDependencies) {
  return {
    ...ticketActivities(db, logger),
    ...letterActivities(db, mailer, letters, logger),
    ...schedulingActivities(db, temporal),
  };
}

export type TicketActivities = ReturnType<typeof createActivities>;
