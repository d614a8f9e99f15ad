import { workspaceNotFound } from '../errors';
import { Store } from '../store/store';
import { DEMO_WORKSPACE } from './demo-site';
import { sensorsOf } from './signals';

export interface DemoSimulator {
  stop(): void;
}

/**
 * Keeps the demo site alive: every interval, each sensor writes its current value through
 * the value store, the path every other writer takes (so streams and panels see it).
 * A failed tick is logged and the next one tries again: an operator may have deleted the
 * demo workspace, and the service must not fall over for it.
 */
export function startDemoSimulator(
  store: Store,
  log: { warn(message: string): void },
  intervalMs = 5_000,
  now: () => number = Date.now,
): DemoSimulator {
  let lastProblem = '';
  const report = (problem: string) => {
    if (problem !== lastProblem) log.warn(`demo simulator: ${problem}`);
    lastProblem = problem;
  };
  const tick = async () => {
    try {
      // the value store leaves that check to the request guard, which this caller bypasses
      if (!(await store.workspaces.exists(DEMO_WORKSPACE))) throw workspaceNotFound(DEMO_WORKSPACE);
      const result = await store.values.bulkPut(DEMO_WORKSPACE, sensorsOf(now()));
      if (result.rejected > 0) report(`${result.rejected} values rejected, e.g. ${result.errors[0]?.errorMessage}`);
      else lastProblem = '';
    } catch (e) {
      report((e as Error).message);
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
