/**
 * The `audit` command: check every input (target, timeout, --previous, --output, policy) before
 * the first request, run the audit, print the report in the chosen format, write the JSON
 * report, and return the exit code. Every message that can reach the terminal passes through the
 * token redactor.
 */
import { randomUUID } from 'node:crypto';
import { runAudit } from '../../lambda/audit.js';
import type { CustomerApi } from '../../lambda/fastly/api.js';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import { createOutputRedactor } from '../../lambda/fastly/redact.js';
import type { RemediationMode } from '../../lambda/modes.js';
import { shouldUseColor } from '../../lambda/report/color.js';
import { renderAccessReviewCsv } from '../../lambda/report/csv.js';
import { withDelta } from '../../lambda/report/delta.js';
import { escapeTerminal } from '../../lambda/report/escape.js';
import { EXIT_INCOMPLETE, exitCodeFor } from '../../lambda/report/exit-code.js';
import { describeError } from '../../lambda/report/facts.js';
import { renderHtml } from '../../lambda/report/html/page.js';
import { renderJson } from '../../lambda/report/json.js';
import { renderMarkdown } from '../../lambda/report/markdown.js';
import type { Report, Severity } from '../../lambda/report/model.js';
import { checkSameCustomer, type PreviousReport } from '../../lambda/report/previous.js';
import { renderText } from '../../lambda/report/text.js';
import type { SecurityHubTarget } from '../../lambda/securityhub/target.js';
import { TOOL_NAME } from '../../lambda/version.js';
import { asffTarget, renderAsff } from './asff.js';
import { DEMO_POLICY_FILE, startDemo } from './demo.js';
import { checkOutputWritable, OutputFileError, writeOutputFile } from './output-file.js';
import { resolvePolicy } from './policy-source.js';
import { readPreviousReport } from './previous-file.js';
import { requestTimeoutFromEnv } from './request-timeout.js';
import { chooseTarget, type TargetChoice } from './target.js';

/** The formats of the report on stdout (--output writes JSON whatever the format). */
export const OUTPUT_FORMATS = ['text', 'markdown', 'json', 'html', 'csv', 'asff'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

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
  /** The account `--format asff` names. */
  awsAccountId?: string;
}

export interface CommandIO {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface Target {
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

export async function openTarget(choice: TargetChoice, timeoutMs: number | undefined, io: CommandIO): Promise<Target> {
  if (choice.kind === 'demo') {
    const demo = await startDemo();
    io.stderr.write(
      `Demo mode: ${choice.why}, so this audits the demo account of the built-in Fastly API simulator at ${demo.url}. ` +
        'Set FASTLY_API_TOKEN or --token-secret to audit your own account.\n',
    );
    return { api: demo.api, demo: true, close: demo.stop };
  }
  const token = choice.token.from === 'secret' ? await readSecretToken(choice.token.secretId) : choice.token.value;
  const api = createFastlyClient({ token, baseUrl: choice.baseUrl, timeoutMs });
  return { api, demo: false, token, close: async () => undefined };
}

function render(report: Report, format: OutputFormat, io: CommandIO, asff: { previous?: PreviousReport; securityHub?: SecurityHubTarget }): string {
  if (format === 'json') return renderJson(report);
  if (format === 'asff' && asff.securityHub) return renderAsff(report, asff.previous, asff.securityHub);
  if (format === 'markdown') return renderMarkdown(report);
  if (format === 'html') return renderHtml(report);
  if (format === 'csv') return renderAccessReviewCsv(report);
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
    lines.push(`  - ${escapeTerminal(describeError(error))}`);
    if (error.action) lines.push(`    what to do: ${escapeTerminal(error.action)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the audit and returns the exit code; throws only for input errors (the caller maps them to 2). */
export async function auditCommand(options: AuditCommandOptions, io: CommandIO): Promise<number> {
  // Every input first, before any request: the target, the timeout, --previous, --output, the policy.
  const choice = chooseTarget(options, io.env);
  const timeoutMs = requestTimeoutFromEnv(io.env);
  const previous = options.previous === undefined ? undefined : readPreviousReport(options.previous);
  const securityHub = options.format === 'asff' ? asffTarget(options.awsAccountId, io.env) : undefined;
  if (options.output !== undefined) checkOutputWritable(options.output);
  const { policy, origin } = resolvePolicy(options.policy, choice.kind === 'demo' ? DEMO_POLICY_FILE : undefined);

  const target = await openTarget(choice, timeoutMs, io);
  // A second line of defence over the whole output (the client already keeps the token out of its errors).
  const redact = createOutputRedactor(target.token);
  try {
    const mode: RemediationMode = options.remediate ? 'apply' : 'plan';
    io.stderr.write(`Policy: ${origin}. Remediation: ${mode}.\n`);
    const source = options.previous;
    // Another customer's report is refused once the account is read, before anything is written.
    const checkAccount = previous && source !== undefined ? (customer: { id: string; name: string }) => checkSameCustomer(previous, source, customer) : undefined;
    const audited = await runAudit({ api: target.api, policy, mode, runId: randomUUID(), demo: target.demo, checkAccount });
    const report = withDelta(audited, previous);
    const json = renderJson(report);
    let written: OutputFileError | undefined;
    if (options.output !== undefined) {
      try {
        writeOutputFile(options.output, redact(json));
      } catch (error) {
        if (!(error instanceof OutputFileError)) throw error;
        written = error;
      }
    }
    io.stdout.write(redact(options.format === 'json' ? json : render(report, options.format, io, { previous, securityHub })));
    io.stderr.write(redact(incompleteNotice(report)));
    if (written) {
      // The audit ran (and may have changed the account): its report is on stdout, and the exit code says the file is missing.
      io.stderr.write(`${TOOL_NAME}: ${escapeTerminal(written.message)}; the report is on stdout only\n`);
      return EXIT_INCOMPLETE;
    }
    return exitCodeFor(report, options.failOn);
  } finally {
    await target.close();
  }
}
