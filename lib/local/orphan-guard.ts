import type { ChildProcess } from 'node:child_process';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Kills `child` when this process exits or is told to stop, so the java server never outlives
 * its parent (a SIGKILL of the parent is the one case no handler can catch). Returns the
 * function that removes the handlers again, for a clean stop.
 */
export function guardAgainstOrphan(child: ChildProcess): () => void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    kill();
    release();
    // A listener replaces Node's default of exiting on the signal: if ours was the only one,
    // re-raise it so the process still ends the way it was asked to.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const release = () => {
    process.off('exit', kill);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  process.on('exit', kill);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return release;
}
