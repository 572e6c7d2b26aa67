export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Anything shaped like `console`: `createSwitchboard({ logger: console })` works as it is. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];
