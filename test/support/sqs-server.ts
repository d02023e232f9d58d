import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Amazon SQS that speaks the wire format the real `@aws-sdk/client-sqs` uses (AWS
 * JSON 1.0: `X-Amz-Target: AmazonSQS.<Operation>`), for the calls Rapport makes:
 * SendMessageBatch with per-entry results and the MD5 digests the client checks. Entries can
 * be made to fail (as SQS does, partially, with `SenderFault: false`) to test retries.
 */

export interface SentMessage {
  queueUrl: string;
  messageId: string;
  body: string;
}

export interface SqsServer {
  endpoint: string;
  queueUrl(name: string): string;
  /** Bodies sent to a queue, in order, parsed as JSON. */
  bodies(name: string): unknown[];
  sent: SentMessage[];
  /** The next `count` entries sent fail with a server-side fault. */
  failEntries(count: number): void;
  requests: number;
  close(): Promise<void>;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
  response.end(JSON.stringify(body));
}

export async function startSqsServer(): Promise<SqsServer> {
  const sent: SentMessage[] = [];
  let failuresLeft = 0;
  let endpoint = '';
  const state = { requests: 0 };

  const server = createServer(async (request, response) => {
    state.requests += 1;
    const target = String(request.headers['x-amz-target'] ?? '');
    const input = JSON.parse((await readBody(request)) || '{}') as { QueueUrl?: string; Entries?: { Id: string; MessageBody: string }[]; MessageBody?: string };
    if (!input.QueueUrl?.startsWith(endpoint)) return reply(response, 400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
    if (target === 'AmazonSQS.SendMessageBatch') {
      const entries = input.Entries ?? [];
      if (entries.length === 0 || entries.length > 10) return reply(response, 400, { __type: 'com.amazonaws.sqs#TooManyEntriesInBatchRequest', message: 'Maximum number of entries per request are 10.' });
      const Successful = [];
      const Failed = [];
      for (const entry of entries) {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          Failed.push({ Id: entry.Id, Code: 'InternalError', Message: 'Try again.', SenderFault: false });
          continue;
        }
        const messageId = randomUUID();
        sent.push({ queueUrl: input.QueueUrl, messageId, body: entry.MessageBody });
        Successful.push({ Id: entry.Id, MessageId: messageId, MD5OfMessageBody: md5(entry.MessageBody) });
      }
      return reply(response, 200, { Successful, Failed });
    }
    if (target === 'AmazonSQS.SendMessage' && input.MessageBody !== undefined) {
      const messageId = randomUUID();
      sent.push({ queueUrl: input.QueueUrl, messageId, body: input.MessageBody });
      return reply(response, 200, { MessageId: messageId, MD5OfMessageBody: md5(input.MessageBody) });
    }
    reply(response, 400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `${target} is not supported here` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const queueUrl = (name: string) => `${endpoint}/000000000000/${name}`;
  return {
    endpoint,
    queueUrl,
    bodies: (name) => sent.filter((m) => m.queueUrl === queueUrl(name)).map((m) => JSON.parse(m.body) as unknown),
    sent,
    failEntries: (count) => {
      failuresLeft = count;
    },
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
