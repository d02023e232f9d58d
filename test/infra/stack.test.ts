import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDAS } from '../../infra/lambda-functions.js';
import { RapportStack } from '../../infra/stack.js';
import { HTTP_ROUTES } from '../../lib/edge/http/routes.js';
import { createTableInput } from '../../lib/adapters/store/create-table.js';

/**
 * The synthesized stack, checked for the properties that matter. Synthesis runs the real
 * esbuild bundling of every function and the cdk-nag AwsSolutions checks, offline.
 */

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

let template: Template;
let resources: Resources;
let outdir: string;
let stack: RapportStack;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'rapport-cdk-'));
  const app = new App({ outdir });
  stack = new RapportStack(app, 'Test');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Throws when a cdk-nag finding has no acknowledgement with a reason.
  app.synth();
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Resources;
}, 180_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const ref = (value: unknown) => JSON.stringify(value);
/** The logical id of a function's role, and every statement of that role's policies. */
function statementsOf(functionLogicalId: string): Statement[] {
  const role = (resources[functionLogicalId]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => ref(p.Properties.Roles).includes(`"${role}"`))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const lambdaIdOf = (name: string) => template.getResourceId('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp(LAMBDAS.find((l) => l.name === name)!.description.replace(/[()/.*+?]/g, '.')) } });

describe('CDK stack', () => {
  it('builds the table from the same definition DynamoDB Local is created from', () => {
    const local = createTableInput('x');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: local.KeySchema,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: local.GlobalSecondaryIndexes!.map((index) => Match.objectLike({ IndexName: index.IndexName, KeySchema: index.KeySchema })),
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions!.map((a) => Match.objectLike(a))),
    });
  });

  it('protects the data: point-in-time recovery, TTL, deletion protection, table and token key retained', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(ofType('AWS::DynamoDB::Table').every(([, t]) => t.DeletionPolicy === 'Retain')).toBe(true);
    expect(ofType('AWS::KMS::Key').map(([, k]) => [k.DeletionPolicy, k.Properties.EnableKeyRotation])).toEqual([['Retain', true]]);
  });

  it('has one arm64 nodejs22.x function per entry point in functions/, with logs kept a month', () => {
    const entries = readdirSync('functions').filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts')).sort();
    expect(LAMBDAS.map((l) => l.name).sort()).toEqual(entries);
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(entries.length);
    for (const [, fn] of functions) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(entries.length);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('builds each bundle, which loads and exports a handler', async () => {
    const kinds = ofType('AWS::Lambda::Function').map(async ([id, fn]) => {
      // The code's S3 key is the asset hash; the staged bundle sits next to the template.
      const hash = String((fn.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
      const entry = join(outdir, `asset.${hash}`, 'index.mjs');
      expect(existsSync(entry)).toBe(true);
      // Each bundle in a node of its own, as Lambda loads it; the processes run side by side,
      // since each mostly waits for its own start.
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.stdout.write(typeof m.handler)`], {
        encoding: 'utf8',
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      return [id, stdout];
    });
    const loaded = await Promise.all(kinds);
    expect(loaded).toEqual(ofType('AWS::Lambda::Function').map(([id]) => [id, 'function']));
  }, 120_000);

  it('routes every HTTP route of lib/edge/http/routes.ts to its function', () => {
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey).sort();
    const withHead = HTTP_ROUTES.flatMap((r) => (r.routeKey.startsWith('GET ') ? [r.routeKey, r.routeKey.replace(/^GET /, 'HEAD ')] : [r.routeKey]));
    expect(routeKeys).toEqual(withHead.sort());
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }) });
  });

  it('puts a dead-letter queue with an alarm behind every queue, and workers report partial batch failures', () => {
    const queues = ofType('AWS::SQS::Queue');
    const main = queues.filter(([, q]) => q.Properties.RedrivePolicy);
    expect(main).toHaveLength(3);
    const alarmed = ofType('AWS::CloudWatch::Alarm')
      .filter(([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map(([, a]) => ref(a.Properties.Dimensions));
    for (const [, q] of main) {
      const dlq = ((q.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string] } }).deadLetterTargetArn['Fn::GetAtt'][0]);
      expect((q.Properties.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount).toBe(3);
      expect(alarmed.some((d) => d.includes(dlq))).toBe(true);
    }
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(3);
    for (const [, m] of mappings) expect(m.Properties).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: expect.any(Number) } });
    for (const [, q] of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('alarms on every function’s errors and throttles', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => `${String(a.Properties.MetricName)} ${ref(a.Properties.Dimensions)}`);
    for (const [id] of ofType('AWS::Lambda::Function')) {
      expect(alarms.some((a) => a.startsWith('Errors') && a.includes(id))).toBe(true);
      expect(alarms.some((a) => a.startsWith('Throttles') && a.includes(id))).toBe(true);
    }
  });

  it('schedules the 15-minute sweep and the hourly proposal tick with the scheduled time in the event', () => {
    const schedules = ofType('AWS::Scheduler::Schedule').map(([, s]) => s.Properties);
    expect(schedules.map((s) => s.ScheduleExpression).sort()).toEqual(['cron(0 * * * ? *)', 'rate(15 minutes)']);
    for (const s of schedules) {
      const target = s.Target as { Input: string; DeadLetterConfig: unknown; RetryPolicy: unknown };
      expect(JSON.parse(target.Input)).toEqual({ job: s.ScheduleExpression === 'rate(15 minutes)' ? 'sweep' : 'propose', scheduledTime: '<aws.scheduler.scheduled-time>' });
      expect(target.DeadLetterConfig).toBeDefined();
    }
  });

  it('grants table actions one by one, never a wildcard, and the tick only queries the schedule indexes', () => {
    const tableId = ofType('AWS::DynamoDB::Table')[0]![0];
    for (const spec of LAMBDAS) {
      const tableStatements = statementsOf(lambdaIdOf(spec.name)).filter((s) => ref(s.Resource).includes(tableId));
      for (const s of tableStatements) for (const action of actionsOf(s)) expect(action).not.toContain('*');
      const actions = tableStatements.flatMap(actionsOf);
      if (spec.table === 'none') expect(actions).toEqual([]);
      if (spec.table === 'read' || spec.table === 'schedule') expect(actions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
      if (spec.table === 'schedule') {
        expect([...new Set(actions)]).toEqual(['dynamodb:Query']);
        expect(ref(tableStatements[0]!.Resource)).toContain('/index/bySweepShard');
        expect(ref(tableStatements[0]!.Resource)).not.toContain('/index/byEventEnd');
        // The base table only for the wake times' partitions.
        const onTable = tableStatements.filter((st) => !ref(st.Resource).includes('/index/'));
        expect(onTable).toHaveLength(1);
        expect(onTable[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WAKE#*'] } });
      }
      expect(actions.some((a) => a === 'dynamodb:Scan')).toBe(false);
    }
  });

  it('lets only the functions that unseal OAuth tokens use the token key', () => {
    const keyId = ofType('AWS::KMS::Key')[0]![0];
    for (const spec of LAMBDAS) {
      const kms = statementsOf(lambdaIdOf(spec.name)).filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')) && ref(s.Resource).includes(keyId));
      if (spec.tokens) expect(kms.flatMap(actionsOf).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      else expect(kms).toEqual([]);
    }
    expect(LAMBDAS.filter((l) => !l.tokens).map((l) => l.name).sort()).toEqual(['feed', 'health', 'mail-events', 'microsoft-webhook', 'tick']);
  });
});
