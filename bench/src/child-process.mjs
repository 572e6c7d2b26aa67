// Servers run in a child process so that the CPU time and heap the benchmark reads are the
// client's alone (process.cpuUsage counts every thread of a process, workers included).
import { fork } from 'node:child_process';

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts `script` with an IPC channel and waits for its `{ type: 'ready', ... }` message. Returns that
 * message, `ask(message)` for a request/answer over IPC, and `stop()`.
 */
export async function startChild(script, args = [], { execArgv = [] } = {}) {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const pending = new Map();
  let nextId = 1;
  let exited = false;
  child.on('message', (message) => {
    const waiter = pending.get(message?.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.value);
  });
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      for (const waiter of pending.values()) {
        waiter.reject(new Error(`${script} exited (${code ?? signal})`));
      }
      pending.clear();
      resolve({ code, signal });
    });
  });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in time`)), READY_TIMEOUT_MS);
    const onMessage = (message) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (${code ?? signal})`));
    });
  });
  return {
    ready,
    ask(message) {
      if (exited) return Promise.reject(new Error(`${script} has exited`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...message, id });
      });
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
    exit,
  };
}

/** For the child's side: answers `{ id, ...message }` requests with `handle(message)`. */
export function serveRequests(handle) {
  process.on('message', async (message) => {
    if (typeof message?.id !== 'number') return;
    try {
      const value = await handle(message);
      process.send({ id: message.id, value });
    } catch (error) {
      process.send({ id: message.id, error: String(error?.stack ?? error) });
    }
  });
  // The parent going away (a crash, Ctrl-C) takes the server with it.
  process.on('disconnect', () => process.exit(0));
}
