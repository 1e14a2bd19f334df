/**
 * `npm run bench [-- --json] [--runs <n>]`: the auditor's performance against its goals
 * (issue 7): audit latency over a slow API, evaluation at scale, and the handler bundle's size
 * and cold import, each next to the official `fastly` client doing the same fetch; and (issue 12)
 * a fleet of 1,000 accounts through the fleet runner. Progress goes to stderr; stdout gets the
 * table, or with --json exactly one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, platform, arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { loadPolicyFile } from '../lambda/policy/load.js';
import { withoutAccessReads } from './bench/access-account.js';
import { measureAccessLatency } from './bench/access-latency.js';
import { buildBundles } from './bench/bundles.js';
import { coldImportMs } from './bench/cold-import.js';
import { measureFleet } from './bench/fleet.js';
import { measureLatency } from './bench/latency.js';
import { renderTable, type BenchDetails, type BenchResult } from './bench/result.js';
import { measureHandlerMemory, type PolicyVariant } from './bench/handler-memory.js';
import { measureScale } from './bench/scale.js';
import { median, round } from './bench/stats.js';

const POLICY_FILE = fileURLToPath(new URL('../policy.json', import.meta.url));
const INJECTED_MS = 50;
const SCALE_USERS = [1_000, 10_000, 100_000];
const FLEET_ACCOUNTS = 1_000;
const FLEET_CONCURRENCIES = [10, 50];
/** Whole Lambda runs: the realistic policy at two sizes, and the worst case at the largest. */
const HANDLER_MEMORY_RUNS: [number, PolicyVariant][] = [
  [10_000, 'account'],
  [100_000, 'account'],
  [100_000, 'deployed'],
];

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
}

const progress = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

async function bench(runs: number): Promise<{ result: BenchResult; details: BenchDetails }> {
  // The policy the stack deploys: it is baked into the handler bundle and drives the audits.
  const policy = loadPolicyFile(POLICY_FILE);
  const dir = mkdtempSync(join(tmpdir(), 'fastly-auditor-bench-'));
  try {
    progress('bundling the handler, the peer and the scale child with the stack\'s esbuild options');
    const bundles = await buildBundles(policy, dir);

    progress(`latency: ${runs} audits, fetches and peer fetches, ${INJECTED_MS} ms injected per response`);
    // The peer reads the customer and its users: so does the audit it is compared with.
    const latency = await measureLatency({ runs, injectedMs: INJECTED_MS, policy: withoutAccessReads(policy), peerFile: bundles.peer.file });

    progress(`access latency: ${runs} audits reading tokens, invitations and the audit log, ${INJECTED_MS} ms injected per response`);
    const access = await measureAccessLatency({ runs, injectedMs: INJECTED_MS, policy });

    progress(`cold import: ${runs} new node processes per bundle`);
    const handlerImports: number[] = [];
    const peerImports: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      // Alternated, so both bundles see the same machine load.
      handlerImports.push(await coldImportMs(bundles.handler.file));
      peerImports.push(await coldImportMs(bundles.peer.file));
    }

    const scale = [];
    for (const users of SCALE_USERS) {
      progress(`scale: evaluation of ${users.toLocaleString('en-US')} users in a child process`);
      const point = await measureScale(bundles.scale.file, users, policy, dir);
      scale.push({ users: point.users, cpuMs: round(point.cpuMs), peakRssMb: round(point.peakRssMb, 1) });
    }

    const handlerMemory = [];
    for (const [users, variant] of HANDLER_MEMORY_RUNS) {
      progress(`handler memory: two Lambda runs of ${users.toLocaleString('en-US')} users (policy: ${variant}) in child processes`);
      const point = await measureHandlerMemory(policy, users, variant, dir);
      handlerMemory.push({ ...point, seconds: round(point.seconds, 1) });
    }

    progress(`fleet: ${FLEET_ACCOUNTS.toLocaleString('en-US')} simulated accounts, ${INJECTED_MS} ms injected per response, concurrency ${FLEET_CONCURRENCIES.join(' and ')}`);
    const fleet = await measureFleet({ accounts: FLEET_ACCOUNTS, injectedMs: INJECTED_MS, concurrencies: FLEET_CONCURRENCIES, policy });

    const lowerBoundMs = latency.roundTrips * latency.injectedMs;
    const accessLowerBoundMs = access.roundTrips * access.injectedMs;
    const result: BenchResult = {
      latency: {
        injectedMs: latency.injectedMs,
        auditMs: round(latency.auditMs, 1),
        lowerBoundMs,
        ratio: round(latency.auditMs / lowerBoundMs, 3),
      },
      access: {
        tokens: access.tokens,
        events: access.events,
        injectedMs: access.injectedMs,
        roundTrips: access.roundTrips,
        auditMs: round(access.auditMs, 1),
        lowerBoundMs: accessLowerBoundMs,
        ratio: round(access.auditMs / accessLowerBoundMs, 3),
      },
      scale,
      handlerMemory,
      fleet: {
        accounts: fleet.accounts,
        injectedMs: fleet.injectedMs,
        roundTrips: fleet.roundTrips,
        points: fleet.points.map((point) => ({ ...point, wallMs: round(point.wallMs), ratio: round(point.ratio, 3) })),
      },
      bundle: { bytes: bundles.handler.bytes, coldImportMs: round(median(handlerImports), 1) },
      peer: { bundleBytes: bundles.peer.bytes, coldImportMs: round(median(peerImports), 1), auditMs: round(latency.peerAuditMs, 1) },
    };
    return { result, details: { fetchMs: round(latency.fetchMs, 1) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const program = new Command()
  .name('bench')
  .description('measure the auditor against its performance goals')
  .option('--json', 'print exactly one JSON object instead of the table')
  .option('--runs <n>', 'runs per timing (the median is reported)', positiveInteger, 15)
  .parse();
const options = program.opts<{ json?: boolean; runs: number }>();

const started = Date.now();
const { result, details } = await bench(options.runs);
progress(`done in ${Math.round((Date.now() - started) / 1000)} s`);
if (options.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const cpu = cpus();
  const machine = `${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${platform()} ${arch()}`;
  process.stdout.write(renderTable(result, details, { date: new Date().toISOString().slice(0, 10), machine, runs: options.runs }));
}
