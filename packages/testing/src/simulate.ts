#!/usr/bin/env node
// `pnpm simulate`: serves the four provider simulators on 127.0.0.1 until SIGINT or SIGTERM.
import { runSimulateCommand } from './simulate-command.js';

runSimulateCommand(process.argv.slice(2), {
  log: (text) => console.log(text),
  error: (text) => console.error(`switchboard simulate: ${text}`),
  onStopSignal(handler) {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      handler(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`switchboard simulate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
