import { SingleBar } from 'cli-progress';

/** How a copy reports its rows: a bar on a terminal, a line per tenth of the rows otherwise. */
export interface Progress {
  add(kind: string, rows: number): void;
  stop(): void;
}

export function progressOf(total: number, options: { tty?: boolean; log: (line: string) => void }): Progress {
  if (options.tty) {
    const bar = new SingleBar({ format: 'migrating [{bar}] {percentage}% {value}/{total} rows ({kind})' });
    bar.start(total, 0, { kind: 'starting' });
    let done = 0;
    return {
      add(kind, rows) {
        done += rows;
        bar.update(done, { kind });
      },
      stop: () => bar.stop(),
    };
  }
  let done = 0;
  let nextLine = 0;
  return {
    add(kind, rows) {
      done += rows;
      if (done < nextLine && done < total) return;
      options.log(`migrating: ${done}/${total} rows (${Math.floor((100 * done) / Math.max(total, 1))}%, now ${kind})`);
      nextLine = done + Math.max(1, Math.ceil(total / 10));
    },
    stop: () => undefined,
  };
}
