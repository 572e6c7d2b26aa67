export { EXIT_CODES, type ExitCode } from './exit-codes.js';
export type { TextSink } from './output.js';
export { type RunIo, run } from './run.js';
