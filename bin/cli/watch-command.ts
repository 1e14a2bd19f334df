/**
 * The `watch` command: one watch pass over the account that owns the token (or the demo account),
 * or one every `--interval` seconds until Ctrl-C. Each pass reads GET /current_customer, judges
 * the account rules, compares with the `--state` file and prints a REGRESSION or RECOVERY at once
 * (stdout, in the chosen format), with who made the change when the audit log says; a pass with
 * nothing new prints one status line on stderr. Every input is checked before the first request.
 * Exit code: 1 after a regression, 2 when a pass could not run (the last one, for a loop), else 0.
 * `--demo` watches the simulator's demo account: a baseline, then a scripted change (a superuser
 * turns forced 2FA off), then the alert, with attribution from the simulated audit log.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutputRedactor } from '../../lambda/fastly/redact.js';
import { escapeTerminal } from '../../lambda/report/escape.js';
import { EXIT_FAILING, EXIT_INCOMPLETE, EXIT_OK } from '../../lambda/report/exit-code.js';
import type { AccountWatchResult } from '../../lambda/watch/account.js';
import type { WatchAlert } from '../../lambda/watch/alert.js';
import { alertSummary, renderAlertMarkdown, renderAlertText } from '../../lambda/watch/messages.js';
import { runWatchPass, type WatchTarget } from '../../lambda/watch/pass.js';
import { openTarget, type CommandIO, type Target } from './audit-command.js';
import { DEMO_POLICY_FILE, startWatchDemo, WATCH_DEMO_CHANGE, type WatchDemoTarget } from './demo.js';
import { resolvePolicy } from './policy-source.js';
import { requestTimeoutFromEnv } from './request-timeout.js';
import { chooseTarget } from './target.js';
import { checkStateFile, fileStateStore, memoryFailureStore } from './watch-file.js';

/** A day: a longer interval is no watch. */
export const MAX_WATCH_INTERVAL_SECONDS = 86_400;

export type WatchFormat = 'text' | 'markdown' | 'json';

export interface WatchCommandOptions {
  state?: string;
  interval?: number;
  demo?: boolean;
  apiUrl?: string;
  tokenSecret?: string;
  policy?: string;
  format: WatchFormat;
}

function renderAlert(alert: WatchAlert, format: WatchFormat): string {
  if (format === 'json') return `${JSON.stringify(alertSummary(alert))}\n`;
  if (format === 'markdown') return renderAlertMarkdown(alert);
  return renderAlertText(alert);
}

/** One line on stderr for a pass: what it saw, or why it could not. */
function statusLine(result: AccountWatchResult, stateFile: string): string {
  const at = new Date().toISOString();
  if (!result.ok) return `[${at}] watch failed: ${result.error.message}${result.error.action ? ` (${result.error.action})` : ''}`;
  const rules = Object.entries(result.rules).map(([ruleId, rule]) => `${ruleId} ${rule.status}`).join(', ');
  if (result.comparison === 'baseline') return `[${at}] baseline written to ${stateFile}: ${rules}`;
  if (result.comparison === 'unchanged') return `[${at}] no change since the state in ${stateFile}`;
  const changes = result.alert?.changes.map((change) => `${change.kind} ${change.ruleId}`).join(', ');
  return `[${at}] ${changes ?? 'a change without regression or recovery'}; state updated in ${stateFile}`;
}

/** Waits, or stops waiting at once when `signal` aborts; true when it waited the whole time. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve(true);
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Runs the watch and returns the exit code; throws only for input errors (the caller maps them to 2). */
export async function watchCommand(options: WatchCommandOptions, io: CommandIO, signal?: AbortSignal): Promise<number> {
  // Every input first, before any request.
  const choice = chooseTarget(options, io.env);
  const timeoutMs = requestTimeoutFromEnv(io.env);
  if (options.state === undefined && choice.kind !== 'demo') throw new Error('--state <file> is required: each pass compares the account with the state kept there');
  if (options.state !== undefined) checkStateFile(options.state);
  const { policy, origin } = resolvePolicy(options.policy, choice.kind === 'demo' ? DEMO_POLICY_FILE : undefined);

  const scratch = options.state === undefined ? mkdtempSync(join(tmpdir(), 'fastly-watch-demo-')) : undefined;
  const stateFile = options.state ?? join(scratch as string, 'state.json');
  let demo: WatchDemoTarget | undefined;
  let target: Target;
  if (choice.kind === 'demo') {
    demo = await startWatchDemo();
    target = { api: demo.api, demo: true, close: demo.stop };
  } else {
    target = await openTarget(choice, timeoutMs, io);
  }
  const redact = createOutputRedactor(target.token);
  const err = (text: string) => io.stderr.write(redact(`${escapeTerminal(text)}\n`));
  try {
    if (demo) err(`Demo mode: watching the demo account of the built-in Fastly API simulator at ${demo.url}; state in ${stateFile}${scratch ? ' (removed at the end)' : ''}.`);
    err(`Policy: ${origin}. Watching the account rules${options.interval ? ` every ${options.interval} s until Ctrl-C` : ''}.`);
    const failures = memoryFailureStore();
    const watchTarget: WatchTarget = {
      scope: 'default',
      label: 'the Fastly account',
      policy,
      connect: async () => target.api,
      store: fileStateStore(stateFile),
      publish: async (_notification, alert) => {
        io.stdout.write(redact(renderAlert(alert, options.format)));
      },
      ...(target.demo ? { demo: true } : {}),
    };
    let regressed = false;
    let lastFailed = false;
    for (let pass = 1; ; pass += 1) {
      const result = await runWatchPass([watchTarget], {
        runId: randomUUID(),
        concurrency: 1,
        failures,
        // A failure is said once in a loop: the status line says it on every pass.
        publishHealth: async () => undefined,
      });
      const [entry] = result.accounts;
      if (!entry) break;
      for (const warning of entry.result.warnings) err(`warning: ${warning}`);
      if (entry.result.ok || entry.healthChange !== undefined || !options.interval) err(statusLine(entry.result, stateFile));
      lastFailed = !entry.result.ok;
      if (entry.result.ok && entry.result.alert?.changes.some((change) => change.kind === 'REGRESSION')) regressed = true;
      if (demo && pass === 1 && !lastFailed) {
        err(`Demo: a superuser turns force_2fa off from ${WATCH_DEMO_CHANGE.ip} (a scripted change in the simulator, recorded in its audit log).`);
        demo.scriptChange();
        if (!options.interval) continue;
      }
      if (!options.interval) break;
      if (!(await pause(options.interval * 1000, signal))) break;
    }
    if (regressed) return EXIT_FAILING;
    return lastFailed ? EXIT_INCOMPLETE : EXIT_OK;
  } finally {
    await target.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
