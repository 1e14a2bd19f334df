/**
 * The `audit` command: pick the target (token, secret or demo), run the audit, print the report
 * in the chosen format, write the JSON report, and return the exit code. Every message that can
 * reach the terminal passes through the token redactor.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { runAudit } from '../../lambda/audit.js';
import type { CustomerApi } from '../../lambda/fastly/api.js';
import { createFastlyClient, DEFAULT_FASTLY_BASE_URL } from '../../lambda/fastly/client.js';
import { createRedactor, type Redactor } from '../../lambda/fastly/redact.js';
import type { RemediationMode } from '../../lambda/modes.js';
import { shouldUseColor } from '../../lambda/report/color.js';
import { withDelta } from '../../lambda/report/delta.js';
import { exitCodeFor } from '../../lambda/report/exit-code.js';
import { describeError } from '../../lambda/report/facts.js';
import { renderJson } from '../../lambda/report/json.js';
import { renderMarkdown } from '../../lambda/report/markdown.js';
import type { Report, Severity } from '../../lambda/report/model.js';
import { parsePreviousReport, PreviousReportError, type PreviousReport } from '../../lambda/report/previous.js';
import { renderText } from '../../lambda/report/text.js';
import { DEMO_POLICY_FILE, startDemo } from './demo.js';
import { resolvePolicy } from './policy-source.js';
import { requestTimeoutFromEnv } from './request-timeout.js';

const MIN_REDACTABLE_LENGTH = 8;

export type OutputFormat = 'text' | 'markdown' | 'json';

export interface AuditCommandOptions {
  tokenSecret?: string;
  apiUrl?: string;
  demo?: boolean;
  policy?: string;
  format: OutputFormat;
  output?: string;
  previous?: string;
  remediate?: boolean;
  failOn: Severity;
}

export interface CommandIO {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

interface Target {
  api: CustomerApi;
  demo: boolean;
  token?: string;
  close(): Promise<void>;
}

/** The AWS SDK is loaded only when asked for: it would slow down every other start of the command line. */
async function readSecretToken(secretId: string): Promise<string> {
  const [{ SecretsManagerClient }, { createTokenReader }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('../../lambda/aws/secrets.js'),
  ]);
  return createTokenReader(new SecretsManagerClient({}), secretId)();
}

async function openTarget(options: AuditCommandOptions, io: CommandIO): Promise<Target> {
  let token: string | undefined;
  if (!options.demo && options.tokenSecret !== undefined) {
    token = await readSecretToken(options.tokenSecret);
  } else if (!options.demo) {
    token = io.env.FASTLY_API_TOKEN?.trim() || undefined;
  }
  if (token === undefined) {
    const demo = await startDemo();
    io.stderr.write(
      `Demo mode: no Fastly API token${options.demo ? ' used (--demo)' : ' (FASTLY_API_TOKEN is not set)'}, so this audits the demo account ` +
        `of the built-in Fastly API simulator at ${demo.url}. Set FASTLY_API_TOKEN or --token-secret to audit your own account.\n`,
    );
    return { api: demo.api, demo: true, close: demo.stop };
  }
  const baseUrl = options.apiUrl ?? io.env.FASTLY_API_URL ?? DEFAULT_FASTLY_BASE_URL;
  const api = createFastlyClient({ token, baseUrl, timeoutMs: requestTimeoutFromEnv(io.env) });
  return { api, demo: false, token, close: async () => undefined };
}

/** The --previous report, checked by the same parser as the Lambda's; throws PreviousReportError naming the file. */
function readPreviousReport(file: string | undefined): PreviousReport | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new PreviousReportError(file, `cannot be read (${reason})`);
  }
  return parsePreviousReport(text, file);
}

function render(report: Report, format: OutputFormat, io: CommandIO): string {
  if (format === 'json') return renderJson(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderText(report, { color: shouldUseColor(io.stdout, io.env) });
}

/**
 * For an incomplete audit: what failed and what to do, on stderr, so a script that keeps only
 * stdout (say, the JSON) still tells the person running it why the exit code is 2.
 */
function incompleteNotice(report: Report): string {
  if (report.status !== 'ERROR') return '';
  const lines = ['Audit incomplete: some rules could not be checked.'];
  for (const error of report.errors) {
    lines.push(`  - ${describeError(error)}`);
    if (error.action) lines.push(`    what to do: ${error.action}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the audit and returns the exit code; throws only for input errors (the caller maps them to 2). */
export async function auditCommand(options: AuditCommandOptions, io: CommandIO): Promise<number> {
  // Inputs first: a bad --previous file must stop the run before any request.
  const previous = readPreviousReport(options.previous);
  const target = await openTarget(options, io);
  // A second line of defence over the whole output (the client already keeps the token out of its
  // errors). Fastly tokens are 32 characters; a shorter test value like "x" would mangle the report.
  const redact: Redactor = target.token && target.token.length >= MIN_REDACTABLE_LENGTH ? createRedactor(target.token) : (text) => text;
  try {
    const { policy, origin } = resolvePolicy(options.policy, target.demo ? DEMO_POLICY_FILE : undefined);
    const mode: RemediationMode = options.remediate ? 'apply' : 'plan';
    io.stderr.write(`Policy: ${origin}. Remediation: ${mode}.\n`);
    const report = withDelta(await runAudit({ api: target.api, policy, mode, runId: randomUUID() }), previous);
    const json = renderJson(report);
    if (options.output !== undefined) writeFileSync(options.output, redact(json));
    io.stdout.write(redact(options.format === 'json' ? json : render(report, options.format, io)));
    io.stderr.write(redact(incompleteNotice(report)));
    return exitCodeFor(report, options.failOn);
  } finally {
    await target.close();
  }
}
