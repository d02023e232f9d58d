import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RapportStack } from '../../infra/stack.js';
import { createTableInput } from '../../lib/store/create-table.js';

describe('CDK stack', () => {
  const template = Template.fromStack(new RapportStack(new App(), 'Test'));

  it('builds the table from the same definition DynamoDB Local is created from', () => {
    const local = createTableInput('x');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: local.KeySchema,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: local.GlobalSecondaryIndexes!.map((index) => Match.objectLike({ IndexName: index.IndexName, KeySchema: index.KeySchema })),
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions!.map((a) => Match.objectLike(a))),
    });
  });

  it('protects the data: point-in-time recovery, TTL, deletion protection, retained on stack deletion', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: true,
    });
    const tables = template.findResources('AWS::DynamoDB::Table');
    expect(Object.values(tables).every((t) => t.DeletionPolicy === 'Retain')).toBe(true);
  });
});
