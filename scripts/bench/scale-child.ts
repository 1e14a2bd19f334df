/**
 * The scale measurement's child process (bundled like the handler, run with plain node):
 * `node index.mjs <customer.json> <users.json> <policy.json>`. It parses and validates the two
 * response bodies as the client would, then times the audit proper (rule evaluation, remediation
 * plan, the report) with process.cpuUsage(), and prints one JSON line. The peak RSS covers the
 * whole process, parsing included.
 */
import { readFileSync } from 'node:fs';
import { runAudit } from '../../lambda/audit.js';
import { loadPolicyFile } from '../../lambda/policy/load.js';
import { fetchedAccountApi } from './fetched-account.js';

export interface ScaleResult {
  users: number;
  cpuMs: number;
  peakRssMb: number;
  findings: number;
}

const [customerFile, usersFile, policyFile] = process.argv.slice(2);
if (customerFile === undefined || usersFile === undefined || policyFile === undefined) {
  throw new Error('usage: node index.mjs <customer.json> <users.json> <policy.json>');
}
const policy = loadPolicyFile(policyFile);
const api = fetchedAccountApi({ customer: readFileSync(customerFile, 'utf8'), users: readFileSync(usersFile, 'utf8') });

const before = process.cpuUsage();
const report = await runAudit({ api, policy, mode: 'plan', runId: 'bench-scale' });
const cpu = process.cpuUsage(before);

const result: ScaleResult = {
  users: report.summary.usersChecked,
  cpuMs: (cpu.user + cpu.system) / 1000,
  // maxRSS is in kilobytes.
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  findings: report.findings.length,
};
console.log(JSON.stringify(result));
