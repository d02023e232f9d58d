import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE, type KeyAttribute } from '../lib/adapters/store/table-definition.js';

/** The DynamoDB table, built from the same definition DynamoDB Local is created from. */
function attribute(key: KeyAttribute) {
  return { name: key.name, type: AttributeType[key.type === 'S' ? 'STRING' : key.type === 'N' ? 'NUMBER' : 'BINARY'] };
}

export function rapportTable(scope: Construct, id: string): Table {
  const table = new Table(scope, id, {
    partitionKey: attribute(TABLE.partitionKey),
    sortKey: attribute(TABLE.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: TABLE.timeToLiveAttribute,
    deletionProtection: true,
    // Relationships are the user's data: a stack deletion must never take the table with it.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of TABLE.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
    });
  }
  return table;
}
