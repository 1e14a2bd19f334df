/**
 * The bundled handler run as the Lambda runtime runs it: a fresh `node` process imports the
 * bundle and calls the exported handler with an invocation context whose time counts down, with
 * only the environment the function would have, its AWS SDK pointed (AWS_ENDPOINT_URL) at a
 * loopback recorder. Used by the end-to-end test and by the benchmark's memory measurement.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FUNCTION_ARN, FUNCTION_NAME } from './lambda-context.js';

/** The runner's file name, next to the bundle's index.mjs. */
const RUNNER_FILE = 'run.mjs';

/**
 * What the runtime does: import the bundle, call the handler (argv[2] the request id, argv[3] the
 * invocation's time in ms, argv[4] the event as JSON, by default the Scheduler's), then end the
 * process, as Lambda freezes it, saying when the handler returned and the process's peak memory.
 */
const RUNNER = `import { handler } from './index.mjs';
const deadline = Date.now() + Number(process.argv[3] ?? 300000);
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: '${FUNCTION_NAME}',
  functionVersion: '$LATEST',
  invokedFunctionArn: '${FUNCTION_ARN}',
  memoryLimitInMB: '512',
  awsRequestId: process.argv[2],
  logGroupName: '/aws/lambda/${FUNCTION_NAME}',
  logStreamName: '2026/03/14/[$LATEST]e2e',
  getRemainingTimeInMillis: () => deadline - Date.now(),
  done() {},
  fail() {},
  succeed() {},
};
try {
  const event = process.argv[4] ? JSON.parse(process.argv[4]) : { source: 'aws.scheduler', 'detail-type': 'Scheduled Event', detail: {} };
  const result = await handler(event, context);
  console.log('HANDLER_RESULT ' + JSON.stringify(result));
} catch (error) {
  console.error('HANDLER_ERROR ' + (error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
}
console.error('HANDLER_RETURNED_MS_BEFORE_DEADLINE ' + (deadline - Date.now()));
console.error('PEAK_RSS_MB ' + (process.resourceUsage().maxRSS / 1024).toFixed(1));
process.exit();
`;

export async function writeLambdaRunner(dir: string): Promise<void> {
  await writeFile(join(dir, RUNNER_FILE), RUNNER);
}

export interface LambdaSetting {
  /** Holds index.mjs and the runner; also the process's HOME. */
  dir: string;
  secretArn: string;
  topicArn: string;
  bucket: string;
  fastlyApiUrl: string;
  awsEndpointUrl: string;
}

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * One invocation in a fresh process; `remainingMs` is the invocation's time (default 5 minutes).
 * A fleet's function (`event` given) has no single account's variables: its accounts are in the bundle.
 */
export function runLambdaBundle(
  setting: LambdaSetting,
  runId: string,
  options: { remainingMs?: number; env?: Record<string, string>; timeoutMs?: number; event?: unknown } = {},
): Promise<ChildRun> {
  const { dir } = setting;
  const single = options.event === undefined ? { TOKEN_SECRET_ARN: setting.secretArn, REMEDIATION: 'plan', NOTIFY: 'always' } : {};
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // No shared AWS config or credentials files from the machine running this.
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    NODE_OPTIONS: '--enable-source-maps',
    ...single,
    TOPIC_ARN: setting.topicArn,
    REPORT_BUCKET: setting.bucket,
    FASTLY_API_URL: setting.fastlyApiUrl,
    AWS_ENDPOINT_URL: setting.awsEndpointUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAE2EEXAMPLE000000',
    AWS_SECRET_ACCESS_KEY: 'e2e-dummy-secret-access-key',
    AWS_EC2_METADATA_DISABLED: 'true',
    // Set by Lambda for on-demand functions; Powertools reports cold starts only then.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const args = [RUNNER_FILE, runId, String(options.remainingMs ?? 300_000), ...(options.event === undefined ? [] : [JSON.stringify(options.event)])];
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 40_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The process's peak RSS in MB, as the runner printed it. */
export function peakRssMb(run: ChildRun): number {
  return Number(/PEAK_RSS_MB (\d+(?:\.\d+)?)/.exec(run.stderr)?.[1] ?? Number.NaN);
}
