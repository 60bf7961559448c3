// Declarations for the internals of indexeddbshim and websql-configurable that main/store/indexedDb/onDisk.ts uses.
declare module 'indexeddbshim/src/nodeSQLiteDatabase.js' {
  const SQLiteDatabase: unknown;
  export default SQLiteDatabase;
}

declare module 'websql-configurable/custom/index.js' {
  type OpenDatabase = (name: string, version: string, description: string, size: number) => import('websql-configurable/lib/websql/WebSQLDatabase.js').default;
  export default function customOpenDatabase(
    SQLiteDatabase: (name: string) => unknown,
    options?: { websql?: { concurrentReaders?: boolean } },
  ): OpenDatabase;
}
