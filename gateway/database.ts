/** The gateway's one seam to PostgreSQL: a real server through `pg`, or an embedded PGlite when no server is configured. */

import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface GatewayDatabase extends Queryable {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** What it is, for the start-up line and logs (never the password). */
  readonly description: string;
  close(): Promise<void>;
}

export function postgresDatabase(connectionString: string, poolSize = 10): GatewayDatabase {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client losing its server is reported here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const url = new URL(connectionString);
  return {
    description: `postgresql://${url.hostname}:${url.port || 5432}${url.pathname}`,
    async query(sql, params = []) {
      return (await pool.query(sql, params as unknown[])).rows;
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: async (sql, params = []) => (await client.query(sql, params as unknown[])).rows });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const JSON_OID = 114;

/** PGlite in a folder (or in memory without one): one connection, so its transactions are serial by construction. */
export async function embeddedDatabase(dataDir?: string): Promise<GatewayDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  // A json parameter given as a Buffer goes as its bytes (binary format: json_recv reads them as the JSON text). PGlite
  // measures a string parameter's UTF-8 length one character at a time in JavaScript (twice), Buffer.from natively:
  // the gateway sends a push's rows that way (see pg's, which binds a Buffer the same way).
  const json = db.serializers[JSON_OID]!;
  const options = { serializers: { [JSON_OID]: (value: unknown) => (ArrayBuffer.isView(value) ? (value as unknown as string) : json(value)) } };
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      return (await q.query<R>(sql, params as unknown[], options)).rows;
    },
  });
  return {
    description: dataDir ? `PGlite in ${dataDir}` : 'PGlite in memory',
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}
