/** The gateway's database in tests: the real PostgreSQL named by TEST_DATABASE_URL (CI), or an in-memory PGlite. */

import { randomBytes } from 'node:crypto';
import { embeddedDatabase, postgresDatabase, type GatewayDatabase } from '../../gateway/database.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../gateway/server.js';

export interface TestDatabase {
  readonly database: GatewayDatabase;
  readonly kind: 'postgresql' | 'pglite';
  /** A fresh schema name: each gateway in a test gets tables of its own. */
  freshSchema(): string;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  const database = url ? postgresDatabase(url, 4) : await embeddedDatabase();
  const schemas: string[] = [];
  return {
    database,
    kind: url ? 'postgresql' : 'pglite',
    freshSchema() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return schema;
    },
    async close() {
      for (const schema of schemas) await database.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await database.close();
    },
  };
}

/** A gateway on its own schema of the shared test database; closing it leaves the database open (restarts reuse it). */
export async function startTestGateway(db: TestDatabase, options: Partial<GatewayOptions> & { schema?: string } = {}): Promise<Gateway & { schema: string }> {
  const schema = options.schema ?? db.freshSchema();
  const gateway = await startGateway({ database: db.database, ownsDatabase: false, ...options, schema });
  return Object.assign(gateway, { schema });
}
