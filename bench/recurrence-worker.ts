import { parentPort } from 'node:worker_threads';
import { ENGINES, type EngineName, type Expansion } from './recurrence-adapters.js';
import { median, timeRuns } from './stats.js';

/**
 * A worker thread that expands for one engine at a time, so the section can stop an engine
 * that never answers (terminating the thread ends even a loop that never yields).
 */

export type EngineRequest = { kind: 'expand'; engine: EngineName; expansion: Expansion } | { kind: 'time'; engine: EngineName; expansion: Expansion; runs: number };

export type EngineAnswer = { ok: true; starts: number[] } | { ok: true; medianMs: number; count: number } | { ok: false; error: string };

function answer(request: EngineRequest): EngineAnswer {
  const expand = ENGINES[request.engine];
  try {
    if (request.kind === 'expand') return { ok: true, starts: expand(request.expansion) };
    const count = expand(request.expansion).length;
    return { ok: true, medianMs: median(timeRuns(() => expand(request.expansion), request.runs, Math.ceil(request.runs / 10))), count };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (request: EngineRequest) => parentPort!.postMessage(answer(request)));
parentPort?.postMessage('ready');
