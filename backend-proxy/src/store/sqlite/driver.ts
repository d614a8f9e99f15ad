import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3, in the build that runs safely on this Node.
 *
 * better-sqlite3 12 wraps its objects in node::ObjectWrap, whose destructor on Node 24 removes
 * an environment cleanup hook and aborts the process (`Assertion failed: (env) != nullptr`) when
 * a statement is garbage-collected where no environment is current: in a worker's teardown, and
 * now and then while serving. 13 is built on Node-API and has no such hook, but crashes on
 * Node 20. So Node 24 and later load 13 (installed as `better-sqlite3-napi`, prebuilt binaries
 * inside its package) and older Nodes load 12; both have the same API.
 */
export const driverPackage =
  Number(process.versions.node.split('.')[0]) >= 24 ? 'better-sqlite3-napi' : 'better-sqlite3';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database: typeof BetterSqlite3 = require(driverPackage);
// the package's types, under the same name as its constructor, as `import Database from 'better-sqlite3'` gives them
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace Database {
  export type Database = BetterSqlite3.Database;
  export type Statement<P extends unknown[] | object = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;
  export type Options = BetterSqlite3.Options;
}

export default Database;
