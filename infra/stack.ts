import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { rapportTable } from './table.js';

/**
 * Rapport's stack. For now the table the whole product stands on; functions, API, schedules
 * and queues join it as they are built.
 */
export class RapportStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const table = rapportTable(this, 'Table');
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
