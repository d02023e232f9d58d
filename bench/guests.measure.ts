/**
 * The booking bench's guests, in a process of their own (bench/booking-load.ts forks it): a
 * guest's browser is not on the server's event loop, so making requests and reading answers
 * must not be charged to the server's latency. Each message is a batch of requests sent at
 * once; the answer is each one's time to its last byte and its status, in order.
 */

export interface GuestRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
}

export interface GuestResult {
  ms: number;
  status: number;
}

async function timed(request: GuestRequest): Promise<GuestResult> {
  const start = process.hrtime.bigint();
  const response = await fetch(request.url, {
    method: request.method ?? 'GET',
    ...(request.body !== undefined && { body: request.body, headers: { 'content-type': 'application/json' } }),
  });
  await response.arrayBuffer();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: response.status };
}

process.on('message', (batch: GuestRequest[]) => {
  void Promise.all(batch.map(timed)).then(
    (results) => process.send!({ results }),
    (error: unknown) => process.send!({ error: String(error) }),
  );
});
