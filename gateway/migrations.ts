/** Schema migrations, applied in order on start: each runs once, recorded in schema_migrations, under an advisory lock. */

import type { GatewayDatabase } from './database.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Table names qualified by the gateway's schema, so several gateways (or test runs) can share one database. */
export interface Tables {
  readonly schema: string;
  readonly devices: string;
  readonly positions: string;
  readonly streams: string;
  readonly events: string;
  readonly migrations: string;
  readonly payflowMessages: string;
  readonly payflowPositions: string;
  readonly nonces: string;
}

export function tablesIn(schema: string): Tables {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Schema name "${schema}" must be lower-case letters, digits and underscores.`);
  return {
    schema,
    devices: `${schema}.devices`,
    positions: `${schema}.positions`,
    streams: `${schema}.streams`,
    events: `${schema}.events`,
    migrations: `${schema}.schema_migrations`,
    payflowMessages: `${schema}.payflow_messages`,
    payflowPositions: `${schema}.payflow_positions`,
    nonces: `${schema}.request_nonces`,
  };
}

const MIGRATIONS: readonly ((t: Tables) => string)[] = [
  (t) => `
    CREATE TABLE ${t.devices} (
      device_id text PRIMARY KEY,
      branch_id text NOT NULL,
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    -- One row: the last gateway position handed out. Updating it under FOR UPDATE serialises writers, so positions
    -- commit in order and a puller never sees position n+1 before n.
    CREATE TABLE ${t.positions} (id int PRIMARY KEY CHECK (id = 1), last bigint NOT NULL);
    INSERT INTO ${t.positions} VALUES (1, 0);
    CREATE TABLE ${t.streams} (
      stream_id text PRIMARY KEY,
      branch_id text NOT NULL,
      version int NOT NULL,
      hash text NOT NULL,
      state text,
      facts text NOT NULL DEFAULT '{}'
    );
    CREATE INDEX streams_branch ON ${t.streams} (branch_id, stream_id);
    CREATE TABLE ${t.events} (
      gpos bigint PRIMARY KEY,
      id text NOT NULL UNIQUE,
      stream_id text NOT NULL,
      version int NOT NULL,
      branch_id text NOT NULL,
      device_id text NOT NULL,
      content_hash text NOT NULL,
      command_hash text NOT NULL,
      envelope text NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (stream_id, version)
    );
    CREATE INDEX events_branch_gpos ON ${t.events} (branch_id, gpos);`,
  // PayFlow webhooks: the raw message once per external event id, with the branch it belongs to (NULL = unroutable).
  (t) => `
    CREATE TABLE ${t.payflowPositions} (id int PRIMARY KEY CHECK (id = 1), last bigint NOT NULL);
    INSERT INTO ${t.payflowPositions} VALUES (1, 0);
    CREATE TABLE ${t.payflowMessages} (
      position bigint PRIMARY KEY,
      external_id text NOT NULL UNIQUE,
      type text NOT NULL,
      branch_id text,
      unroutable_reason text,
      signature text NOT NULL,
      payload text NOT NULL,
      received_at timestamptz NOT NULL
    );
    CREATE INDEX payflow_messages_branch_position ON ${t.payflowMessages} (branch_id, position);`,
  // The stream's rolling hash after each event, so a pull can hand it to devices (null for events stored before).
  (t) => `ALTER TABLE ${t.events} ADD COLUMN chain_hash text`,
  // Streams and event ids belong to a branch: one branch writing an id first can no longer take it from another.
  (t) => `
    ALTER TABLE ${t.streams} DROP CONSTRAINT streams_pkey;
    ALTER TABLE ${t.streams} ADD PRIMARY KEY (branch_id, stream_id);
    ALTER TABLE ${t.events} DROP CONSTRAINT events_stream_id_version_key;
    ALTER TABLE ${t.events} ADD CONSTRAINT events_branch_stream_version UNIQUE (branch_id, stream_id, version);
    ALTER TABLE ${t.events} DROP CONSTRAINT events_id_key;
    ALTER TABLE ${t.events} ADD CONSTRAINT events_branch_id UNIQUE (branch_id, id)`,
  // A revoked device keeps its row (its events name it) but is refused from then on.
  (t) => `ALTER TABLE ${t.devices} ADD COLUMN revoked_at timestamptz`,
  // The workstation a device writes as (meta.deviceId) and the key it signs process steps with, bound at its first
  // checked push; request nonces kept until their window passes, so a replay is refused after a restart too.
  (t) => `
    ALTER TABLE ${t.devices} ADD COLUMN workstation_id text;
    ALTER TABLE ${t.devices} ADD COLUMN signing_key text;
    CREATE INDEX devices_workstation ON ${t.devices} (workstation_id);
    CREATE TABLE ${t.nonces} (
      device_id text NOT NULL,
      nonce text NOT NULL,
      expires_at bigint NOT NULL,
      PRIMARY KEY (device_id, nonce)
    );
    CREATE INDEX nonces_expiry ON ${t.nonces} (expires_at)`,
];

export async function migrate(db: GatewayDatabase, tables: Tables): Promise<number> {
  return db.transaction(async (tx) => {
    // Two gateways starting on one database must not both apply a migration.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`fidelis-gateway-migrate:${tables.schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${tables.schema}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${tables.migrations} (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await tx.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${tables.migrations}`);
    const applied = Number(rows[0]?.v ?? 0);
    for (let version = applied + 1; version <= MIGRATIONS.length; version++) {
      for (const statement of splitStatements(MIGRATIONS[version - 1]!(tables))) await tx.query(statement);
      await tx.query(`INSERT INTO ${tables.migrations} (version) VALUES ($1)`, [version]);
    }
    return MIGRATIONS.length;
  });
}

/** Extended-protocol queries take one statement each; the migrations hold no semicolons inside literals. */
function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.replace(/--[^\n]*/g, '').trim())
    .filter((s) => s.length > 0);
}
