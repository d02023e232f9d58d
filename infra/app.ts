import { App } from 'aws-cdk-lib';
import { RapportStack } from './stack.js';

const app = new App();
new RapportStack(app, 'Rapport', {
  description: 'Rapport: keep in touch from your calendar',
});
app.synth();
