// The PostgreSQL connection pool shared by activities, the API and intake.
import { Pool, type PoolClient } from 'pg';

export type Database = Pool;

export function createPool(connectionString: string, max = 10): Database {
  const pool = new Pool({ connectionString, max });
  // An idle client whose server went away emits 'error'; the pool replaces it on next use.
  pool.on('error', () => undefined);
  // A client checked out (a transaction between two statements) has no such listener: the server's shutdown
  // would throw 'error' at the process and kill it. The statement in progress or the next one fails instead,
  // and the pool drops the client once it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(db: Database, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
