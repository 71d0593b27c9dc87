// The PostgreSQL connection pool shared by activities, the API and intake.
import { Pool } from 'pg';

export type Database = Pool;

export function createPool(connectionString: string, max = 10): Database {
  const pool = new Pool({ connectionString, max });
  // An idle client whose server went away emits 'error'; the pool replaces it on next use.
  pool.on('error', () => undefined);
  return pool;
}
