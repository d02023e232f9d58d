import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { environmentWith } from '../../runtime/config.js';

/**
 * Node reads NODE_EXTRA_CA_CERTS once, when the process starts (nodejs.org/api/cli.html), so a
 * running CLI can only come to trust the local CA by starting again: the same command in a
 * child with the variable set, sharing the terminal, with signals passed on and the child's exit
 * code returned. An IPC channel lets the child see this process go away, even when it is killed
 * outright, so the child (and the DynamoDB Local it runs) never outlives it.
 *
 * The child is this same command, so it gets this process's environment as it is, plus the CA
 * (config.ts hands it over; nothing here reads a setting).
 */

const PASSED_ON: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function rerunTrusting(caFile: string): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: environmentWith({ NODE_EXTRA_CA_CERTS: caFile }),
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const passOn = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of PASSED_ON) process.on(signal, passOn);
  return new Promise((resolve, reject) => {
    const done = () => {
      for (const signal of PASSED_ON) process.off(signal, passOn);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/**
 * In a process started by `rerunTrusting`: calls `stop` once that parent is gone. Returns the
 * function that stops listening (the channel keeps the process alive while someone listens).
 */
export function whenParentGone(stop: () => void): () => void {
  if (!process.connected) return () => {};
  process.once('disconnect', stop);
  return () => process.off('disconnect', stop);
}
