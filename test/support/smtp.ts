import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps what it receives:
 * the envelope as the client gave it and the message as `mailparser` reads it. Replies can be
 * scripted (`refuseNext`) to see how the sender treats a 4xx or a 5xx.
 */

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** The next `count` messages are answered with this code and text instead of being accepted. */
  refuseNext(code: number, text: string, count?: number): void;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusals: { code: number; text: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust, and the client only insists on TLS off this machine.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = refusals.shift();
        if (refusal) {
          callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        simpleParser(raw).then(
          (parsed) => {
            received.push({ envelope, raw, parsed });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuseNext(code, text, count = 1) {
      refusals = [...refusals, ...Array.from({ length: count }, () => ({ code, text }))];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The `text/calendar` part of a received message, raw, with its Content-Type. */
export function calendarPartOf(mail: ReceivedMail): { contentType: string; ics: string } | null {
  const match = /Content-Type: (text\/calendar[^\r\n]*)\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n--/i.exec(mail.raw);
  if (!match) return null;
  const header = mail.raw.slice(match.index, match.index + match[0].length);
  const body = match[2]!;
  const ics = /Content-Transfer-Encoding: base64/i.test(header) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : decodeQuotedPrintable(/Content-Transfer-Encoding: quoted-printable/i.test(header), body);
  return { contentType: match[1]!, ics };
}

function decodeQuotedPrintable(encoded: boolean, body: string): string {
  if (!encoded) return body;
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
