import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE } from '../lib/edge/cloud/observability.js';
import { HTTP_ROUTES } from '../lib/edge/http/routes.js';
import { TABLE } from '../lib/adapters/store/table-definition.js';
import { lambdaCode } from './lambda-code.js';
import { LAMBDAS, QUEUES, SCHEDULE_ACCESS, SCHEDULE_MINUTES, TABLE_ACTIONS, type LambdaName, type LambdaSpec } from './lambda-functions.js';
import { mailSending, type MailSending } from './mail-sending.js';
import { rapportTable } from './table.js';

export interface RapportStackProps extends StackProps {
  /** Where people reach Rapport (a custom domain); default: the HTTP API's own address. */
  baseUrl?: string;
  /** Gets an email when an alarm fires. */
  alarmEmail?: string;
  /**
   * `Name <address>` or an address whose SES identity (the address or its domain) is verified
   * in the account: without it nothing is sent and every message waits in the outbox page.
   */
  mailFrom?: string;
}

const LOG_RETENTION = RetentionDays.ONE_MONTH;

/**
 * Rapport in one stack: the table, the token key, the secrets, one function per entry point in
 * functions/, the HTTP API in front of the HTTP ones, the two schedules, the queues between the
 * tick and the per-user workers (each with a dead-letter queue), and alarms on what needs a
 * person. Every grant comes from infra/lambda-functions.ts.
 */
export class RapportStack extends Stack {
  readonly functions = new Map<LambdaName, LambdaFunction>();

  constructor(scope: Construct, id: string, props: RapportStackProps = {}) {
    super(scope, id, props);
    const table = rapportTable(this, 'Table');

    const tokenKey = new Key(this, 'TokenKey', {
      description: 'Rapport: wraps the data keys that seal OAuth tokens at rest',
      enableKeyRotation: true,
      // Sealed tokens cannot be opened without it: it outlives the stack, like the table.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const signingKey = new Secret(this, 'SigningKey', {
      description: 'Rapport: signs sessions, CSRF tokens, booking links, feed addresses (64 hex characters)',
      // 64 characters from 0-9a-f: 256 bits, in the format RAPPORT_SIGNING_KEY expects.
      generateSecretString: { passwordLength: 64, excludeUppercase: true, excludePunctuation: true, includeSpace: false, excludeCharacters: 'ghijklmnopqrstuvwxyz' },
    });
    const oauthClients = new Secret(this, 'OAuthClients', {
      description: 'Rapport: Google and Microsoft OAuth client ids and secrets (JSON); empty entries switch a provider off',
      // A placeholder with no secret in it: the real values are set after deploy (README).
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ google: { clientId: '', clientSecret: '' }, microsoft: { clientId: '', clientSecret: '' } })),
    });

    const api = new HttpApi(this, 'Api', { description: 'Rapport HTTP API', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
      // A public booking page must not become a bill: a ceiling far above real use.
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    const baseUrl = props.baseUrl ?? api.apiEndpoint;

    const queues = new Map<string, { queue: Queue; dlq: Queue }>();
    for (const spec of QUEUES) {
      const consumer = LAMBDAS.find((l) => l.name === spec.consumer)!;
      const dlq = new Queue(this, `${title(spec.name)}DeadLetters`, {
        retentionPeriod: Duration.days(14),
        enforceSSL: true,
        encryption: QueueEncryption.SQS_MANAGED,
      });
      const queue = new Queue(this, `${title(spec.name)}Queue`, {
        // AWS's rule of thumb: six times the consumer's timeout, so a slow batch is not
        // delivered twice while it is still running.
        visibilityTimeout: Duration.seconds(consumer.timeoutSeconds * 6),
        retentionPeriod: Duration.days(1),
        enforceSSL: true,
        encryption: QueueEncryption.SQS_MANAGED,
        deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },
      });
      queues.set(spec.name, { queue, dlq });
    }

    const mail = props.mailFrom ? mailSending(this, props.mailFrom) : undefined;
    for (const spec of LAMBDAS) {
      const fn = this.lambda(spec, { table, tokenKey, signingKey, oauthClients, baseUrl, queues: (name) => queues.get(name)!.queue, mail });
      this.functions.set(spec.name, fn);
    }
    if (mail) mail.events.addSubscription(new LambdaSubscription(this.functions.get('mail-events')!));

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of HTTP_ROUTES) {
      const [method, path] = route.routeKey.split(' ') as [string, string];
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${title(route.fn)}Integration`, this.functions.get(route.fn)!);
        integrations.set(route.fn, integration);
      }
      // HEAD is GET without the body (the functions' router answers it): API Gateway needs its own route.
      api.addRoutes({ path, methods: method === 'GET' ? [HttpMethod.GET, HttpMethod.HEAD] : [method as HttpMethod], integration });
    }

    for (const spec of QUEUES) {
      this.functions.get(spec.consumer)!.addEventSource(
        new SqsEventSource(queues.get(spec.name)!.queue, {
          batchSize: spec.batchSize,
          reportBatchItemFailures: true,
          // Bounds the pressure on DynamoDB and on the providers' per-user limits.
          maxConcurrency: spec.maxConcurrency,
        }),
      );
    }

    // The tick's own failures (the scheduler could not invoke it) land here.
    const tickDeadLetters = new Queue(this, 'TickDeadLetters', { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: QueueEncryption.SQS_MANAGED });
    const tick = this.functions.get('tick')!;
    const scheduleTarget = (job: 'sweep' | 'propose') =>
      new LambdaInvoke(tick, {
        input: ScheduleTargetInput.fromObject({ job, scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: tickDeadLetters,
        retryAttempts: 2,
        // A tick older than its period is superseded by the next one.
        maxEventAge: Duration.minutes(SCHEDULE_MINUTES[job] - 1),
      });
    new Schedule(this, 'SweepSchedule', { description: 'Rapport: sweep every calendar', schedule: ScheduleExpression.rate(Duration.minutes(SCHEDULE_MINUTES.sweep)), target: scheduleTarget('sweep') });
    new Schedule(this, 'ProposalSchedule', { description: 'Rapport: morning proposal runs, on the hour', schedule: ScheduleExpression.cron({ minute: '0' }), target: scheduleTarget('propose') });

    this.alarmsAndDashboard([...[...queues].map(([name, q]) => ({ name, dlq: q.dlq })), { name: 'tick', dlq: tickDeadLetters }], props.alarmEmail);

    this.acknowledgeChecks({ api, signingKey, oauthClients, tickDeadLetters });

    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint, description: 'Point the OAuth redirect URIs and webhooks here (README: Deploy)' });
    new CfnOutput(this, 'OAuthClientsSecret', { value: oauthClients.secretName, description: 'Set the Google / Microsoft client ids and secrets here' });
  }

  private lambda(
    spec: LambdaSpec,
    deps: { table: Table; tokenKey: Key; signingKey: Secret; oauthClients: Secret; baseUrl: string; queues: (name: string) => IQueue; mail: MailSending | undefined },
  ): LambdaFunction {
    const id = `${title(spec.name)}Function`;
    const environment: Record<string, string> = {
      RAPPORT_TABLE: deps.table.tableName,
      RAPPORT_BASE_URL: deps.baseUrl,
      // Lambda's only writable folder (local-mode paths resolve inside it; nothing there must outlive the call).
      RAPPORT_DATA_DIR: '/tmp/rapport',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    };
    if (spec.tokens) environment.RAPPORT_KMS_KEY_ID = deps.tokenKey.keyArn;
    if (spec.signingKey) {
      environment.RAPPORT_SIGNING_KEY_SECRET_ARN = deps.signingKey.secretArn;
      // Sessions are sealed with the signing key: the functions without it serve no user pages.
      environment.RAPPORT_AUTH = 'session';
    }
    if (spec.oauthClients) environment.RAPPORT_OAUTH_SECRET_ARN = deps.oauthClients.secretArn;
    for (const queue of spec.sends) environment[`RAPPORT_${queue.toUpperCase()}_QUEUE_URL`] = deps.queues(queue).queueUrl;
    if (spec.mail && deps.mail) {
      environment.RAPPORT_SES_FROM = deps.mail.from;
      environment.RAPPORT_SES_CONFIGURATION_SET = deps.mail.configurationSet;
    }

    const fn = new NodejsFunction(this, id, {
      description: `Rapport: ${spec.description}`,
      code: lambdaCode(spec.name),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      environment,
      logGroup: new LogGroup(this, `${id}Logs`, { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY }),
    });

    if (spec.table !== 'none') {
      const { tableArn } = deps.table;
      const indexArn = (name: string) => `${tableArn}/index/${name}`;
      const resources = spec.table === 'schedule' ? SCHEDULE_ACCESS.indexes.map(indexArn) : [tableArn, ...TABLE.globalSecondaryIndexes.map((i) => indexArn(i.indexName))];
      fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...TABLE_ACTIONS[spec.table]], resources }));
      if (spec.table === 'schedule') {
        const conditions = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...SCHEDULE_ACCESS.tablePartitions] } };
        fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...TABLE_ACTIONS.schedule], resources: [tableArn], conditions }));
      }
    }
    if (spec.tokens) fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [deps.tokenKey.keyArn] }));
    if (spec.signingKey) deps.signingKey.grantRead(fn);
    if (spec.oauthClients) deps.oauthClients.grantRead(fn);
    for (const queue of spec.sends) deps.queues(queue).grantSendMessages(fn);
    if (spec.mail && deps.mail) fn.addToRolePolicy(deps.mail.statement);
    return fn;
  }

  /** The cdk-nag AwsSolutions findings this design accepts, each with its reason. */
  private acknowledgeChecks(parts: { api: HttpApi; signingKey: Secret; oauthClients: Secret; tickDeadLetters: Queue }): void {
    Validations.of(parts.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is in the functions, where the credentials are: the dashboard and /api need a signed session cookie; booking, manage and feed pages are authorized by unguessable signed tokens in the path; webhooks by the channel token or clientState; OAuth callbacks by the sealed state cookie. An API Gateway authorizer could check none of these.',
    });
    for (const secret of [parts.signingKey, parts.oauthClients]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotated by a person, not a Lambda: OAuth client secrets are issued in the Google / Entra consoles, and a new signing key invalidates every open booking link and session, so it is rotated deliberately (README: Deploy).',
      });
    }
    Validations.of(parts.tickDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: the one of the EventBridge Scheduler targets (cdk-nag only recognises SQS redrive).',
    });
    for (const fn of this.functions.values()) {
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'nodejs22.x on purpose: the bundles are built for node22 (infra/bundling.ts) and the suite runs on it; a runtime upgrade is a tested change of its own.',
      });
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs (CreateLogStream, PutLogEvents); everything else is an inline, resource-scoped grant.',
      });
    }
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<TickFunction09FBBC56.Arn>:*]',
      reason: "EventBridge Scheduler's role may invoke the tick function and its versions (CDK's grant); the wildcard spans versions of that one function only.",
    });
  }

  private alarmsAndDashboard(deadLetterQueues: { name: string; dlq: Queue }[], alarmEmail: string | undefined): void {
    const topic = new Topic(this, 'Alarms', { displayName: 'Rapport alarms', enforceSSL: true });
    if (alarmEmail) topic.addSubscription(new EmailSubscription(alarmEmail));
    const notify = new SnsAction(topic);
    const alarm = (id: string, metric: Metric, description: string) => {
      const created = new Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
    };
    for (const { name, dlq } of deadLetterQueues) {
      alarm(`${title(name)}DeadLettersAlarm`, dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), `Messages in the ${name} dead-letter queue: a user's work failed three times (README: redrive).`);
    }
    for (const [name, fn] of this.functions) {
      alarm(`${title(name)}ErrorsAlarm`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), `The ${name} function failed.`);
      alarm(`${title(name)}ThrottlesAlarm`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), `The ${name} function was throttled: raise its concurrency or the account limit.`);
    }

    const custom = (metricName: string) => new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: SERVICE }, statistic: 'Sum', period: Duration.hours(1) });
    new Dashboard(this, 'Dashboard', {
      dashboardName: `${this.stackName}-rapport`,
      widgets: [
        [
          new GraphWidget({ title: 'Work per hour', left: ['SweepsEnqueued', 'ProposalRunsEnqueued', 'MeetingsRecorded', 'ProposalsCreated'].map(custom), width: 12 }),
          new GraphWidget({ title: 'Dead letters', left: deadLetterQueues.map(({ dlq }) => dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })), width: 12 }),
        ],
        [
          new GraphWidget({ title: 'Errors', left: [...this.functions.values()].map((fn) => fn.metricErrors({ period: Duration.minutes(5) })), width: 12 }),
          new GraphWidget({ title: 'Duration p95', left: [...this.functions.values()].map((fn) => fn.metricDuration({ period: Duration.minutes(5), statistic: 'p95' })), width: 12 }),
        ],
      ],
    });
  }
}

/** `microsoft-push` → `MicrosoftPush`: construct ids. */
function title(name: string): string {
  return name
    .split('-')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
