/**
 * Memory of a whole Lambda run at scale: the handler bundle, built with the stack's options, run
 * in a fresh `node` process as the runtime would (test/helpers/lambda-runner.ts), against the
 * simulator serving a generated account and a loopback stand-in for S3, SNS and Secrets Manager.
 * Two runs per size: the first archives the report, the second reads it back for its delta (every
 * night after the first); the peak RSS of each is the whole process's, from import to return.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { handlerEsbuildOptions } from '../../lib/handler-bundling.js';
import type { Policy } from '../../lambda/policy/schema.js';
import { generateSeed, startSimulator } from '../../simulator/index.js';
import { startAwsRecorder } from '../../test/helpers/aws-recorder.js';
import { peakRssMb, runLambdaBundle, writeLambdaRunner, type ChildRun } from '../../test/helpers/lambda-runner.js';
import { policyForAccount } from './scale.js';

const TOKEN = 'bench-token-not-a-secret';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-token-AbCdEf';
const BUCKET = 'bench-reports';
const SEED = 7;

/**
 * `account`: policy.json with the account's own domain allowed, as its team would deploy it (as
 * the scale measurement does). `deployed`: policy.json as it is, whose example.com domain every
 * generated login fails: a finding for every user on top, the worst case.
 */
export type PolicyVariant = 'account' | 'deployed';

export interface HandlerMemoryPoint {
  users: number;
  policy: PolicyVariant;
  /** The first run: no previous report. */
  firstRunPeakRssMb: number;
  /** A later run: reads the previous report back for its delta. */
  peakRssMb: number;
  /** The archived report of the run (findings bounded per rule, access-review rows bounded). */
  archivedReportBytes: number;
  /** The page archived beside it (users listed up to the archive's bound). */
  archivedHtmlBytes: number;
  /** The access review archived beside it (every user). */
  archivedCsvBytes: number;
  /** How long the later run took, import to return. */
  seconds: number;
}

function checked(run: ChildRun, what: string): ChildRun {
  if (!/^HANDLER_RESULT /m.test(run.stdout)) throw new Error(`${what} did not complete: ${run.stderr.split('\n').filter((line) => line.startsWith('HANDLER_')).join(' ') || run.stderr.slice(-500)}`);
  return run;
}

export async function measureHandlerMemory(policy: Policy, users: number, variant: PolicyVariant, dir: string): Promise<HandlerMemoryPoint> {
  const seed = generateSeed({ users, seed: SEED });
  const bundleDir = join(dir, `handler-memory-${users}-${variant}`);
  mkdirSync(bundleDir, { recursive: true });
  await build({ ...handlerEsbuildOptions(variant === 'account' ? policyForAccount(policy, seed) : policy), outfile: join(bundleDir, 'index.mjs'), logLevel: 'error' });
  await writeLambdaRunner(bundleDir);
  const simulator = await startSimulator({ token: TOKEN, seed });
  const recorder = await startAwsRecorder({ secrets: { [SECRET_ARN]: TOKEN } });
  try {
    const setting = {
      dir: bundleDir,
      secretArn: SECRET_ARN,
      topicArn: 'arn:aws:sns:us-east-1:123456789012:bench',
      bucket: BUCKET,
      fastlyApiUrl: simulator.url,
      awsEndpointUrl: recorder.url,
    };
    // Generous: a 100,000-user account on a shared machine; the Lambda would have 5 minutes.
    const options = { timeoutMs: 240_000 };
    const first = checked(await runLambdaBundle(setting, 'bench-first', options), `the first run of ${users} users`);
    const started = Date.now();
    const later = checked(await runLambdaBundle(setting, 'bench-later', options), `the later run of ${users} users`);
    const seconds = (Date.now() - started) / 1000;
    const archivedBytes = (extension: string) => Buffer.byteLength([...recorder.objects.entries()].find(([key]) => key.endsWith(`/bench-later.${extension}`))?.[1] ?? '');
    return {
      users,
      policy: variant,
      firstRunPeakRssMb: peakRssMb(first),
      peakRssMb: peakRssMb(later),
      archivedReportBytes: archivedBytes('json'),
      archivedHtmlBytes: archivedBytes('html'),
      archivedCsvBytes: archivedBytes('csv'),
      seconds,
    };
  } finally {
    await simulator.stop();
    await recorder.stop();
  }
}
