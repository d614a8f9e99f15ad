// A graph-query worker thread (see GraphQueryRunner): its own read-only connection to the
// database file (WAL lets it read while the service writes), one page read per message.
import Database from '../driver';
import { parentPort, workerData } from 'node:worker_threads';
import type { PackedRows } from '../../graph';
import { isTimeout, registerTick } from './deadline';
import type { PageJob } from '../../graph-sql/graph-page';
import { createPageReader } from './page-reader';

/** What GraphQueryRunner starts the thread with. */
export interface QueryWorkerData {
  file: string;
}

/** A page to read before `timeoutMs` have passed. */
export interface QueryWorkerRequest extends PageJob {
  id: number;
  timeoutMs: number;
}

export type QueryWorkerReply =
  | { id: number; rows: PackedRows; error?: undefined }
  | { id: number; rows?: undefined; error: string; timeout: boolean };

const { file } = workerData as QueryWorkerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
let deadline = Infinity;
registerTick(db, () => deadline);
const readPage = createPageReader(db);

parentPort!.on('message', (request: QueryWorkerRequest) => {
  const { id, timeoutMs } = request;
  deadline = Date.now() + timeoutMs;
  let reply: QueryWorkerReply;
  try {
    const rows = readPage(request);
    // the packed rows are one fresh buffer: transferred, not copied
    parentPort!.postMessage({ id, rows } satisfies QueryWorkerReply, [rows.bytes.buffer as ArrayBuffer]);
    return;
  } catch (e) {
    reply = { id, error: String((e as Error | undefined)?.message ?? e), timeout: isTimeout(e) };
  } finally {
    deadline = Infinity;
  }
  parentPort!.postMessage(reply);
});
