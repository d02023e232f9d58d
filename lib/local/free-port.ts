import { createServer } from 'node:net';

/**
 * A port nobody listens on right now: the kernel picks one when we listen on port 0, and we
 * close it at once for the caller to reuse. Another process could still take it in between,
 * so callers retry when their own bind fails.
 */
export function findFreePort(): Promise<number> {
  return listenOnce(0);
}

/** True when `port` can be listened on (on every interface, as DynamoDB Local binds). */
export async function isPortFree(port: number): Promise<boolean> {
  try {
    await listenOnce(port);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    throw error;
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
}
