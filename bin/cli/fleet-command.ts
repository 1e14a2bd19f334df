/**
 * The `fleet` command: audit every account of an accounts file (or the simulator's demo fleet)
 * with bounded concurrency, print the digest, write each account's report to `--output-dir`,
 * and return the worst account's exit code. Every input (the API URL, FASTLY_TIMEOUT_MS, the
 * accounts file and every policy it names, the tokens the environment gives, the output
 * directory and the reports already in it) is checked before the first request. One account's
 * failure is its ERROR, never the others'. Everything printed or written passes through the
 * redactor of every token met.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { runAudit } from '../../lambda/audit.js';
import { createFastlyClient } from '../../lambda/fastly/client.js';
import { loadAccountsFile, type FleetAccount } from '../../lambda/fleet/accounts-load.js';
import { buildDigest, renderDigestJson, type FleetDigest } from '../../lambda/fleet/digest.js';
import { renderDigestMarkdown, renderDigestText } from '../../lambda/fleet/digest-text.js';
import { outcomeOf } from '../../lambda/fleet/outcome.js';
import { auditFleet } from '../../lambda/fleet/runner.js';
import type { RemediationMode } from '../../lambda/modes.js';
import { shouldUseColor } from '../../lambda/report/color.js';
import { withDelta } from '../../lambda/report/delta.js';
import { escapeTerminal } from '../../lambda/report/escape.js';
import { EXIT_INCOMPLETE, exitCodeFor } from '../../lambda/report/exit-code.js';
import { formatCount } from '../../lambda/report/facts.js';
import { renderJson } from '../../lambda/report/json.js';
import type { Report, Severity } from '../../lambda/report/model.js';
import type { PreviousReport } from '../../lambda/report/previous.js';
import { TOOL_NAME } from '../../lambda/version.js';
import type { CommandIO, OutputFormat } from './audit-command.js';
import { DEMO_AUDITOR_ADDRESS, DEMO_POLICY_FILE } from './demo.js';
import { chooseFleetTarget } from './fleet-target.js';
import { fleetTokens, type FleetTokens } from './fleet-tokens.js';
import { checkOutputDir, reportFile } from './output-dir.js';
import { resolvePolicy } from './policy-source.js';
import { requestTimeoutFromEnv } from './request-timeout.js';

export const DEFAULT_FLEET_CONCURRENCY = 10;
export const MAX_CLI_FLEET_CONCURRENCY = 100;

export interface FleetCommandOptions {
  accounts?: string;
  demo?: boolean;
  apiUrl?: string;
  concurrency: number;
  outputDir?: string;
  format: OutputFormat;
  remediate?: boolean;
  failOn: Severity;
}

/** Two switches, as for one account: --remediate, and the account's own remediation "apply". */
function modeOf(account: FleetAccount, remediate: boolean | undefined): RemediationMode {
  return remediate && account.remediation === 'apply' ? 'apply' : 'plan';
}

function remediationNote(accounts: readonly FleetAccount[], remediate: boolean | undefined): string {
  const applying = accounts.filter((account) => modeOf(account, remediate) === 'apply').map((account) => account.name);
  if (applying.length === 0) return remediate ? 'plan for every account (none has remediation "apply")' : 'plan';
  return `apply for ${applying.join(', ')}; plan for the others`;
}

function render(digest: FleetDigest, format: OutputFormat, io: CommandIO): string {
  if (format === 'json') return renderDigestJson(digest);
  if (format === 'markdown') return renderDigestMarkdown(digest);
  return renderDigestText(digest, { color: shouldUseColor(io.stdout, io.env) });
}

/** The report with what changed since the account's report in the output directory, when that is the same customer's. */
function compared(report: Report, previous: PreviousReport | undefined, warn: (line: string) => void, account: string): Report {
  if (!previous || report.customer.id === 'unknown') return report;
  if (previous.customer.id !== report.customer.id) {
    warn(`${TOOL_NAME}: ${account}: the report in --output-dir is of customer ${escapeTerminal(previous.customer.id)}, not ${escapeTerminal(report.customer.id)}: nothing to compare with, and it is replaced\n`);
    return report;
  }
  return withDelta(report, previous);
}

interface Written {
  locations: Map<string, string>;
  failures: string[];
}

function writeReports(dir: string | undefined, reports: readonly { account: FleetAccount; report: Report }[], tokens: FleetTokens): Written {
  const written: Written = { locations: new Map(), failures: [] };
  if (dir === undefined) return written;
  for (const { account, report } of reports) {
    const file = reportFile(dir, account.name);
    try {
      writeFileSync(file, tokens.redact(renderJson(report)));
      written.locations.set(account.name, file);
    } catch (error) {
      written.failures.push(`${file} could not be written after the audit (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return written;
}

/** Runs the fleet and returns the exit code; throws only for input errors (the caller maps them to 2). */
export async function fleetCommand(options: FleetCommandOptions, io: CommandIO): Promise<number> {
  // Every input first, before any request.
  const target = chooseFleetTarget(options, io.env);
  const timeoutMs = requestTimeoutFromEnv(io.env);
  const demo = target.kind === 'demo';
  let demoModule: typeof import('../../simulator/fleet-demo.js') | undefined;
  let accountsFile: string;
  if (target.kind === 'demo') {
    // The simulator is loaded only for the demo fleet: every other start of the command line would pay for it.
    demoModule = await import('../../simulator/fleet-demo.js');
    accountsFile = demoModule.DEMO_FLEET_ACCOUNTS_FILE;
  } else {
    accountsFile = target.accountsFile;
  }
  const fallback = resolvePolicy(undefined, demo ? DEMO_POLICY_FILE : undefined);
  const accounts = loadAccountsFile(accountsFile, { policy: fallback, remediation: 'plan', notify: 'always' });
  const previous = options.outputDir === undefined ? new Map<string, PreviousReport>() : checkOutputDir(options.outputDir, accounts.map((account) => account.name));

  const demoFleet = demoModule ? await demoModule.startDemoFleet(DEMO_AUDITOR_ADDRESS) : undefined;
  try {
    const tokens = fleetTokens(accounts, io.env, demoFleet?.tokens);
    const baseUrl = demoFleet?.simulator.url ?? (target.kind === 'api' ? target.baseUrl : '');
    io.stderr.write(
      demoFleet
        ? `Demo mode: the demo fleet of the built-in Fastly API simulator at ${baseUrl} (${accounts.length} accounts, one token each).\n`
        : `Fleet: ${accounts.length} accounts from ${escapeTerminal(target.kind === 'api' ? target.accountsFile : '')}, API ${baseUrl}.\n`,
    );
    io.stderr.write(`Concurrency: ${options.concurrency}. Remediation: ${remediationNote(accounts, options.remediate)}.\n`);

    const startedAt = new Date().toISOString();
    let done = 0;
    const audits = await auditFleet(accounts, {
      concurrency: options.concurrency,
      modeOf: (account) => modeOf(account, options.remediate),
      runIdOf: () => randomUUID(),
      audit: async (account, runId) => {
        const token = await tokens.tokenOf(account);
        const api = createFastlyClient({ token, baseUrl, timeoutMs });
        const report = await runAudit({ api, policy: account.policy, mode: modeOf(account, options.remediate), runId, demo });
        return compared(report, previous.get(account.name), (line) => io.stderr.write(tokens.redact(line)), account.name);
      },
      onReport: ({ account, report }) => {
        done += 1;
        io.stderr.write(tokens.redact(`[${done}/${accounts.length}] ${account.name}: ${report.status}\n`));
      },
    });

    const written = writeReports(options.outputDir, audits, tokens);
    const digest = buildDigest({
      runId: randomUUID(),
      startedAt,
      finishedAt: new Date().toISOString(),
      demo,
      outcomes: audits.map(({ account, report }) => outcomeOf(account.name, report, { notified: false, ...(written.locations.has(account.name) ? { reportLocation: written.locations.get(account.name) } : {}) })),
    });
    io.stdout.write(tokens.redact(render(digest, options.format, io)));

    if (digest.totals.error > 0) {
      const errored = digest.accounts.filter((outcome) => outcome.status === 'ERROR').map((outcome) => outcome.account);
      io.stderr.write(`Fleet incomplete: ${formatCount(errored.length)} of ${formatCount(accounts.length)} accounts could not be audited (${errored.join(', ')}); the digest says what failed and what to do.\n`);
    }
    for (const failure of written.failures) io.stderr.write(tokens.redact(`${TOOL_NAME}: ${escapeTerminal(failure)}; the digest is on stdout\n`));
    const worst = Math.max(0, ...audits.map(({ report }) => exitCodeFor(report, options.failOn)));
    return written.failures.length > 0 ? EXIT_INCOMPLETE : worst;
  } finally {
    await demoFleet?.simulator.stop();
  }
}
