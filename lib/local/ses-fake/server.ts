import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A local Amazon SES (API v2) that speaks the wire format of `SendEmail`, for the real
 * @aws-sdk/client-sesv2 pointed at it with its `endpoint` option: `POST /v2/email/outbound-emails`
 * with a JSON body (`Content.Raw.Data` is the MIME, base64 as JSON carries blobs), answered
 * `200 {"MessageId"}`; errors are the REST-JSON shape, the error's name in `x-amzn-ErrorType`
 * and `{"message"}` in the body. It keeps every accepted message and can be told to refuse.
 */

export interface SesSentEmail {
  from: string;
  to: string[];
  configurationSet?: string;
  tags: Record<string, string>;
  raw: string;
  messageId: string;
}

export interface SesFake {
  url: string;
  sent: SesSentEmail[];
  /** The next `count` requests get this error (e.g. 429 TooManyRequestsException, 400 MessageRejected). */
  failNext(status: number, errorType: string, message: string, count?: number): void;
  close(): Promise<void>;
}

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  Content?: { Raw?: { Data?: string } };
  ConfigurationSetName?: string;
  EmailTags?: { Name: string; Value: string }[];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  res.end(JSON.stringify(body));
}

export async function startSesFake(): Promise<SesFake> {
  const sent: SesSentEmail[] = [];
  let failures: { status: number; errorType: string; message: string }[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v2/email/outbound-emails') return answer(res, 404, { message: 'Unknown operation' }, 'NotFoundException');
      const failure = failures.shift();
      if (failure) return answer(res, failure.status, { message: failure.message }, failure.errorType);
      let body: SendEmailBody;
      try {
        body = JSON.parse(await readBody(req)) as SendEmailBody;
      } catch {
        return answer(res, 400, { message: 'The body is not JSON' }, 'BadRequestException');
      }
      const data = body.Content?.Raw?.Data;
      const to = body.Destination?.ToAddresses ?? [];
      if (!body.FromEmailAddress || !data || to.length === 0) return answer(res, 400, { message: 'FromEmailAddress, Destination and Content.Raw are required here' }, 'BadRequestException');
      const messageId = `local-${randomUUID()}`;
      sent.push({
        from: body.FromEmailAddress,
        to,
        ...(body.ConfigurationSetName ? { configurationSet: body.ConfigurationSetName } : {}),
        tags: Object.fromEntries((body.EmailTags ?? []).map((t) => [t.Name, t.Value])),
        raw: Buffer.from(data, 'base64').toString('utf8'),
        messageId,
      });
      answer(res, 200, { MessageId: messageId });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    failNext(status, errorType, message, count = 1) {
      failures = [...failures, ...Array.from({ length: count }, () => ({ status, errorType, message }))];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
