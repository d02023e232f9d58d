import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RapportStack } from './stack.js';

const app = new App();
new RapportStack(app, 'Rapport', {
  description: 'Rapport: keep in touch from your calendar',
  // `npx cdk deploy -c baseUrl=https://rapport.example.com -c alarmEmail=ops@example.com`
  baseUrl: app.node.tryGetContext('baseUrl') as string | undefined,
  alarmEmail: app.node.tryGetContext('alarmEmail') as string | undefined,
  // `-c mailFrom="Rapport <coffee@example.com>"`: the SES identity (verified beforehand) mail is sent from.
  mailFrom: app.node.tryGetContext('mailFrom') as string | undefined,
});
// The AwsSolutions checks run on every synth: a finding without a written reason fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
