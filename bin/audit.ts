/**
 * Command line: `audit` (default), `validate <policy-file>`, `schema`.
 * Exit codes: 0 nothing failing at or above --fail-on; 1 failing findings; 2 the audit could not
 * run or was incomplete (bad input, API error, malformed response).
 */
import { Command, CommanderError, Option } from 'commander';
import { redactSecret } from '../lambda/fastly/redact.js';
import { loadPolicyFile } from '../lambda/policy/load.js';
import { policyJsonSchema } from '../lambda/policy/schema.js';
import { EXIT_INCOMPLETE } from '../lambda/report/exit-code.js';
import { SEVERITIES } from '../lambda/report/model.js';
import { TOOL_NAME, TOOL_VERSION } from '../lambda/version.js';
import { auditCommand, type AuditCommandOptions, type CommandIO } from './cli/audit-command.js';

/** Last line of defence for messages of errors that escaped the audit (a bad --api-url, say). */
function redactFromEnv(text: string, env: NodeJS.ProcessEnv): string {
  return redactSecret(text, env.FASTLY_API_TOKEN?.trim() ?? '');
}

function buildProgram(io: CommandIO, setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name(TOOL_NAME)
    .description('Audit a Fastly account against a compliance policy.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('audit', { isDefault: true })
    .description('audit the account that owns the token (or the demo account when there is no token)')
    .option('--token-secret <id>', 'read the token from this Secrets Manager secret (name or ARN)')
    .option('--api-url <url>', 'Fastly API base URL (default FASTLY_API_URL or https://api.fastly.com)')
    .option('--demo', 'audit the built-in simulator demo account, even if a token is set')
    .option('--policy <file>', 'policy file (default ./policy.json when present, else built-in defaults)')
    .addOption(new Option('--format <format>', 'report on stdout').choices(['text', 'markdown', 'json']).default('text'))
    .option('--output <file>', 'also write the full JSON report to this file')
    .option('--previous <file>', 'a previous JSON report, to show what is new and what was resolved')
    .option('--remediate', 'apply the fixes of rules with "remediate": "auto" (default: plan only)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this fails').choices([...SEVERITIES]).default('low'))
    // audit is the default command, so a mistyped command arrives here as an extra argument.
    .allowExcessArguments()
    .action(async (options: AuditCommandOptions, command: Command) => {
      const [unknown] = command.args;
      if (unknown !== undefined) {
        throw new Error(`unknown command '${unknown}': the commands are audit (the default), validate and schema; see --help`);
      }
      setExitCode(await auditCommand(options, io));
    });

  program
    .command('validate <policy-file>')
    .description('check a policy file and print every problem with its path')
    .action((file: string) => {
      const policy = loadPolicyFile(file);
      io.stdout.write(`${file}: valid (${Object.keys(policy.rules ?? {}).length} rule blocks, ${policy.exceptions?.length ?? 0} exceptions)\n`);
      setExitCode(0);
    });

  program
    .command('schema')
    .description('print the policy JSON Schema')
    .action(() => {
      io.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
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
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${TOOL_NAME}: ${redactFromEnv(message, io.env)}\n`);
    return EXIT_INCOMPLETE;
  }
}

const io: CommandIO = { env: process.env, stdout: process.stdout, stderr: process.stderr };
process.exitCode = await main(process.argv.slice(2), io);
