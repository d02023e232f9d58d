import type { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { parseMailbox } from '../lib/runtime/mail-config.js';

export interface MailSending {
  from: string;
  configurationSet: string;
  events: Topic;
  statement: PolicyStatement;
}

/**
 * SES: the configuration set every message is sent in, and its event destination, an SNS topic
 * of bounces and complaints that the mail-events function turns into suppressions. The identity
 * is verified outside the stack (README: mail in the cloud); the grant names it, and the
 * configuration set, and nothing else. `mailFrom` is read the way the functions read it
 * (RAPPORT_SES_FROM), so a value they would refuse fails the synth instead of the first send.
 */
export function mailSending(stack: Stack, mailFrom: string): MailSending {
  const mailbox = parseMailbox(mailFrom);
  if (!mailbox) throw new Error(`-c mailFrom must be an address or "Name <address>", not ${JSON.stringify(mailFrom)}`);
  const domain = mailbox.email.slice(mailbox.email.lastIndexOf('@') + 1);
  const configurationSet = new ConfigurationSet(stack, 'MailConfigurationSet', {});
  const events = new Topic(stack, 'MailEvents', { displayName: 'Rapport: SES bounces and complaints', enforceSSL: true });
  configurationSet.addEventDestination('BouncesAndComplaints', {
    destination: EventDestination.snsTopic(events),
    events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
  });
  const identityArn = (identity: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
  const statement = new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
    // SES authorizes a send against the identity (the address, or its verified domain) and the configuration set.
    resources: [identityArn(mailbox.email), identityArn(domain), stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName })],
  });
  return { from: mailFrom, configurationSet: configurationSet.configurationSetName, events, statement };
}
