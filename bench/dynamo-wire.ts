import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A counting pass-through in front of DynamoDB Local: every request the process sends, from
 * any repository or calendar adapter, is seen on the wire and counted by its operation
 * (`X-Amz-Target`, e.g. `DynamoDB_20120810.Query` → `Query`). A runtime pointed at it counts
 * what one page view really costs; timings are taken without it (the extra hop adds latency).
 */
export interface DynamoWire {
  endpoint: string;
  /** Requests by operation since the last `take()`, and resets the count. */
  take(): Map<string, number>;
  close(): Promise<void>;
}

export async function openDynamoWire(target: string): Promise<DynamoWire> {
  const upstream = new URL(target);
  let counts = new Map<string, number>();
  const server: Server = createServer((incoming, outgoing) => {
    const operation = String(incoming.headers['x-amz-target'] ?? 'unknown').split('.').pop()!;
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take() {
      const taken = counts;
      counts = new Map();
      return taken;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
