// The value writer's thread (see ValueWriter): its own connection to the database file, one
// transaction per batch of jobs the main thread posts, the results posted back in order.
import Database from '../driver';
import { parentPort, workerData } from 'node:worker_threads';
import { createBatchWriter, WRITER_PRAGMAS } from './batch-writer';
import { decodeJob, encodeResult, WireJob } from './writer-wire';

/** What ValueWriter starts the thread with. */
export interface WriterWorkerData {
  file: string;
}

const { file } = workerData as WriterWorkerData;
const db = new Database(file, { fileMustExist: true });
for (const pragma of WRITER_PRAGMAS) db.pragma(pragma);
const write = createBatchWriter(db);

parentPort!.on('message', (jobs: WireJob[] | 'close') => {
  if (jobs === 'close') {
    db.close();
    process.exit(0);
  }
  try {
    parentPort!.postMessage({ results: write(jobs.map(decodeJob)).map(encodeResult) });
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e) });
  }
});
