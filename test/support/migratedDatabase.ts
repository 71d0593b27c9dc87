// A test file's own PostgreSQL database with the migrations applied, for tests of db/ modules that need no
// running system.
import { migrate } from '../../db/migrate';
import { createPool, type Database } from '../../db/pool';
import { createTestDatabase } from './testDatabaseServer';

export interface MigratedDatabase {
  db: Database;
  close(): Promise<void>; // ends the pool and drops the database
}

export async function openMigratedDatabase(poolSize?: number): Promise<MigratedDatabase> {
  const database = await createTestDatabase();
  const db = createPool(database.url, poolSize);
  const close = async () => {
    await db.end();
    await database.drop();
  };
  try {
    await migrate(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, close };
}
