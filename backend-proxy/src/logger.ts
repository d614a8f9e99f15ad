import { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

/**
 * DOPPEL_LOG_FORMAT, else pretty for a person at a terminal and JSON lines for anything that
 * collects the output (a pipe, a file, journald, docker), where a parser reads it.
 */
export function logFormatFrom(value: string | undefined, isTty: boolean): LogFormat {
  if (value === undefined || value === '') return isTty ? 'pretty' : 'json';
  if (value !== 'json' && value !== 'pretty') {
    throw new Error(`DOPPEL_LOG_FORMAT must be json or pretty, got ${value}`);
  }
  return value;
}

/** The service's logger: one line per event on stdout, in the chosen format. */
export function createLogger(level: string, format: LogFormat): FastifyBaseLogger {
  if (format === 'json') return pino({ level }) as FastifyBaseLogger;
  // in-process and synchronous (not a transport worker), so the last lines before an exit are
  // written; pid and hostname say nothing to someone watching one service in a terminal
  const stream = pretty({
    colorize: process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    sync: true,
  });
  return pino({ level }, stream) as FastifyBaseLogger;
}
