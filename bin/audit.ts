/**
 * Command line: `audit` (default), `fleet`, `watch`, `validate <policy-or-accounts-file>`, `schema`.
 * Exit codes: 0 nothing failing at or above --fail-on; 1 failing findings; 2 the audit could not
 * run or was incomplete (bad input, API error, malformed response).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createOutputRedactor } from '../lambda/fastly/redact.js';
import { escapeTerminal } from '../lambda/report/escape.js';
import { EXIT_FAILING, EXIT_INCOMPLETE, EXIT_OK } from '../lambda/report/exit-code.js';
import { SEVERITIES } from '../lambda/report/model.js';
import { TOOL_NAME, TOOL_VERSION } from '../lambda/version.js';
import { DEFAULT_ASFF_ACCOUNT, DEFAULT_ASFF_REGION } from './cli/asff.js';
import { auditCommand, OUTPUT_FORMATS, type AuditCommandOptions, type CommandIO } from './cli/audit-command.js';
import { DEFAULT_FLEET_CONCURRENCY, fleetCommand, MAX_CLI_FLEET_CONCURRENCY, type FleetCommandOptions } from './cli/fleet-command.js';
import { validateCommand } from './cli/validate-command.js';
import { MAX_WATCH_INTERVAL_SECONDS, watchCommand, type WatchCommandOptions } from './cli/watch-command.js';
import { MAX_REQUEST_TIMEOUT_MS } from './cli/request-timeout.js';
import { POLICY_SCHEMA_FILE, schemaText } from './cli/schema-files.js';

/**
 * Last line of defence for messages of errors that escaped the audit (a bad --api-url, say): every
 * token the environment holds, with the output's rule for a value too short to be a token.
 */
function redactFromEnv(text: string, env: NodeJS.ProcessEnv): string {
  const tokens = Object.entries(env)
    .filter(([name, value]) => (name === 'FASTLY_API_TOKEN' || name.startsWith('FASTLY_API_TOKEN_')) && value !== undefined)
    .map(([, value]) => (value ?? '').trim());
  return tokens.reduce((redacted, token) => createOutputRedactor(token)(redacted), text);
}

function concurrency(value: string): number {
  const parsed = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= 1 && parsed <= MAX_CLI_FLEET_CONCURRENCY)) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_CLI_FLEET_CONCURRENCY}`);
  return parsed;
}

function interval(value: string): number {
  const parsed = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= 1 && parsed <= MAX_WATCH_INTERVAL_SECONDS)) throw new InvalidArgumentError(`must be a whole number of seconds from 1 to ${MAX_WATCH_INTERVAL_SECONDS}`);
  return parsed;
}

/** Until Ctrl-C (or SIGTERM): the loop stops between passes and the command returns its exit code. */
async function untilInterrupted<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await run(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Shown by --help at the top level and for audit: what no option list says. */
const ENVIRONMENT_AND_EXIT_CODES = `
Environment:
  FASTLY_API_TOKEN   the Fastly API token (with neither a token nor an API URL, the demo runs)
  FASTLY_API_URL     Fastly API base URL (default https://api.fastly.com; http:// only to 127.0.0.1, ::1 or localhost)
  FASTLY_TIMEOUT_MS  wait for each Fastly response, 1 to ${MAX_REQUEST_TIMEOUT_MS} ms (default 10000)
  NO_COLOR, FORCE_COLOR  colour of the text report
  AWS_REGION, AWS_PROFILE, ...  the AWS credentials --token-secret reads with; AWS_REGION is also the Region --format asff names (default ${DEFAULT_ASFF_REGION})
  AWS_ACCOUNT_ID     the AWS account --format asff names, when --aws-account-id is not given

Exit codes:
  ${EXIT_OK}  nothing failing at or above --fail-on
  ${EXIT_FAILING}  failing findings
  ${EXIT_INCOMPLETE}  the audit could not run or was incomplete (bad input, API error, 401/403, malformed response)
`;

const WATCH_HELP = `
Each pass reads GET /current_customer (and, after a change, the audit log and users, to say who
made it), judges the account rules and compares them with --state. A REGRESSION (PASS -> FAIL)
or RECOVERY (FAIL -> PASS) is printed on stdout at once; the first pass writes the baseline.

Environment: FASTLY_API_TOKEN, FASTLY_API_URL, FASTLY_TIMEOUT_MS, as for audit.

Exit codes:
  ${EXIT_OK}  no regression
  ${EXIT_FAILING}  a regression was seen (in any pass of a loop)
  ${EXIT_INCOMPLETE}  bad input, or the (last) pass could not read the account
`;

const FLEET_ENVIRONMENT = `
Environment:
  FASTLY_API_TOKEN_<NAME>  an account's token (its name upper-cased, - as _), else its tokenSecretName from Secrets Manager
  FASTLY_API_URL     Fastly API base URL (default https://api.fastly.com; http:// only to 127.0.0.1, ::1 or localhost)
  FASTLY_TIMEOUT_MS  wait for each Fastly response, 1 to ${MAX_REQUEST_TIMEOUT_MS} ms (default 10000)
  AWS_REGION, AWS_PROFILE, ...  the AWS credentials the secrets are read with

Exit codes: the worst account's
  ${EXIT_OK}  nothing failing at or above --fail-on in any account
  ${EXIT_FAILING}  failing findings in at least one account
  ${EXIT_INCOMPLETE}  at least one account could not be audited, or an input is wrong
`;

function buildProgram(io: CommandIO, setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name(TOOL_NAME)
    .description('Audit a Fastly account against a compliance policy.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const audit = program
    .command('audit', { isDefault: true })
    .description('audit the account that owns the token (the demo account with --demo, or with neither a token nor an API URL)')
    .option('--token-secret <id>', 'read the token from this Secrets Manager secret (name or ARN)')
    .option('--api-url <url>', 'Fastly API base URL, https (http only to 127.0.0.1, ::1, localhost) (default FASTLY_API_URL or https://api.fastly.com)')
    .option('--demo', 'audit the built-in simulator demo account, even if a token is set')
    .option('--policy <file>', 'policy file (default ./policy.json when present, else built-in defaults)')
    .addOption(
      new Option('--format <format>', 'report on stdout (html: one self-contained page; csv: the access review, one row per user; asff: the findings as the Lambda imports them into Security Hub)')
        .choices([...OUTPUT_FORMATS])
        .default('text'),
    )
    .option('--aws-account-id <id>', `the AWS account --format asff names (default AWS_ACCOUNT_ID, else ${DEFAULT_ASFF_ACCOUNT})`)
    .option('--output <file>', 'also write the full JSON report to this file (checked before any request)')
    .option('--previous <file>', 'a previous JSON report of the same account, to show what is new and what was resolved')
    .option('--remediate', 'apply the fixes of rules with "remediate": "auto" (default: plan only)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this fails').choices([...SEVERITIES]).default('low'))
    // audit is the default command, so a mistyped command arrives here as an extra argument.
    .allowExcessArguments()
    .action(async (options: AuditCommandOptions, command: Command) => {
      const [unknown] = command.args;
      if (unknown !== undefined) {
        throw new Error(`unknown command '${unknown}': the commands are audit (the default), fleet, watch, validate and schema; see --help`);
      }
      setExitCode(await auditCommand(options, io));
    })
    .addHelpText('after', ENVIRONMENT_AND_EXIT_CODES);
  // audit is the default command: its options are the ones people pass most, so the top level shows them.
  program.addHelpText('after', () => `\n${audit.helpInformation()}${ENVIRONMENT_AND_EXIT_CODES}`);

  program
    .command('fleet')
    .description('audit every account of an accounts file (or the demo fleet), print the digest, exit with the worst account\'s code')
    .option('--accounts <file>', 'the accounts file (policy paths in it are relative to it)')
    .option('--demo', "audit the built-in simulator's demo fleet (several accounts, one token each)")
    .option('--api-url <url>', 'Fastly API base URL, https (http only to 127.0.0.1, ::1, localhost) (default FASTLY_API_URL or https://api.fastly.com)')
    .option('--concurrency <n>', `accounts audited at once, 1 to ${MAX_CLI_FLEET_CONCURRENCY}`, concurrency, DEFAULT_FLEET_CONCURRENCY)
    .option('--output-dir <dir>', "write each account's JSON report to <dir>/<name>.json; a report already there is the previous one (checked before any request)")
    .addOption(new Option('--format <format>', 'digest on stdout').choices(['text', 'markdown', 'json']).default('text'))
    .option('--remediate', 'apply the fixes of accounts whose remediation is "apply" (default: plan only)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this fails in any account').choices([...SEVERITIES]).default('low'))
    .action(async (options: FleetCommandOptions) => setExitCode(await fleetCommand(options, io)))
    .addHelpText('after', FLEET_ENVIRONMENT);

  program
    .command('watch')
    .description('watch the account rules for a regression: one pass, or one every --interval seconds until Ctrl-C; exit 1 after a regression')
    .option('--state <file>', 'the watch state (written on the first pass and on every change; checked before any request); optional with --demo')
    .option('--interval <seconds>', `repeat every this many seconds until Ctrl-C, 1 to ${MAX_WATCH_INTERVAL_SECONDS}`, interval)
    .option('--token-secret <id>', 'read the token from this Secrets Manager secret (name or ARN)')
    .option('--api-url <url>', 'Fastly API base URL, https (http only to 127.0.0.1, ::1, localhost) (default FASTLY_API_URL or https://api.fastly.com)')
    .option('--demo', 'watch the built-in simulator demo account, where a scripted change turns forced 2FA off after the first pass')
    .option('--policy <file>', 'policy file (default ./policy.json when present, else built-in defaults)')
    .addOption(new Option('--format <format>', 'alerts on stdout').choices(['text', 'markdown', 'json']).default('text'))
    .action(async (options: WatchCommandOptions) => setExitCode(await untilInterrupted((signal) => watchCommand(options, io, signal))))
    .addHelpText('after', WATCH_HELP);

  program
    .command('validate <file>')
    .description('check a policy file, or an accounts file and every policy it names, and print every problem with its path')
    .action((file: string) => {
      io.stdout.write(validateCommand(file));
      setExitCode(0);
    });

  program
    .command('schema')
    .description('print the policy JSON Schema (npm run schema writes policy.schema.json)')
    .action(() => {
      io.stdout.write(schemaText(POLICY_SCHEMA_FILE));
      setExitCode(0);
    });
  return program;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (value) => (code = value));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_INCOMPLETE;
    }
    const message = redactFromEnv(error instanceof Error ? error.message : String(error), io.env);
    // One prefixed line per problem (validate lists several); API data in a message stays on its line.
    const lines = message.split('\n').map((line) => `${TOOL_NAME}: ${escapeTerminal(line)}\n`);
    io.stderr.write(lines.join(''));
    return EXIT_INCOMPLETE;
  }
}

/**
 * A reader that stops early (`| head -1`) closes the pipe: what is left of the report has nowhere
 * to go, which is no reason for a stack trace. The run ends with its own exit code.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

ignoreClosedPipe(process.stdout);
ignoreClosedPipe(process.stderr);
const io: CommandIO = { env: process.env, stdout: process.stdout, stderr: process.stderr };
process.exitCode = await main(process.argv.slice(2), io);
