/**
 * The fault suite's account, policy and fault modes. The account passes every rule except
 * account.pci, whose fix the policy allows: a clean run in apply mode writes one PUT, so a fault
 * that leads to a PASS or to a write cannot hide.
 */
import type { FastlyOperation } from '../../lambda/fastly/api.js';
import { getRule, RULE_IDS, type RuleNeed } from '../../lambda/policy/catalog.js';
import type { Policy } from '../../lambda/policy/schema.js';
import type { Fault, RouteName, SimulatorSeed } from '../../simulator/index.js';

/** A sentinel: no report, rendering, notification or CLI output may ever contain it. */
export const FAULT_TOKEN = 'fault-suite-token-7Qx2vK9';
/** Inside the account's IP allowlist: the simulator sees the auditor calling from here. */
export const AUDITOR_ADDRESS = '198.51.100.10';
export const CUSTOMER_ID = 'cust-faultline-01';

const DAY_MS = 86_400_000;

function recently(): string {
  return new Date(Date.now() - DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function user(id: string, login: string, role: string): Record<string, unknown> {
  return {
    id,
    customer_id: CUSTOMER_ID,
    login,
    name: login.split('@')[0],
    role,
    two_factor_auth_enabled: true,
    locked: false,
    require_new_password: false,
    limit_services: false,
    last_active_at: recently(),
    created_at: '2024-02-01T10:00:00Z',
    updated_at: '2026-01-15T10:00:00Z',
    deleted_at: null,
  };
}

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The account's reads beyond users, each compliant: a user token, an automation token, a fresh invitation, one event. */
function faultlineAccess(): Pick<SimulatorSeed, 'tokens' | 'automationTokens' | 'invitations' | 'events'> {
  const token = { customer_id: CUSTOMER_ID, created_at: recently(), last_used_at: recently(), expires_at: daysFromNow(90), ip: null, user_agent: null, sudo_expires_at: null, services: [], service_id: null };
  return {
    tokens: [{ ...token, id: 'tok-owner', user_id: 'u-owner', name: 'deploy', scopes: ['global'], scope: 'global' }],
    automationTokens: [{ ...token, id: 'tok-ci', creator_id: 'u-owner', name: 'ci', role: 'engineer', scopes: 'global:read', access_token: '', tls_access: false }],
    invitations: [
      { id: 'inv-1', type: 'invitation', attributes: { email: 'new@faultline.example', role: 'engineer', status_code: 1, created_at: recently(), deleted_at: null } },
    ],
    events: [
      {
        id: 'ev-1',
        type: 'event',
        attributes: { customer_id: CUSTOMER_ID, event_type: 'customer.update', created_at: recently(), user_id: 'u-owner', ip: '198.51.100.10', metadata: { old: { has_pci: true }, new: { has_pci: false } }, admin: false },
      },
    ],
  };
}

/** Compliant except has_pci (false), which the policy lets the auditor fix. */
export function faultlineSeed(): SimulatorSeed {
  return {
    ...faultlineAccess(),
    customer: {
      id: CUSTOMER_ID,
      name: 'Faultline Media',
      owner_id: 'u-owner',
      security_contact_id: 'u-security',
      force_2fa: true,
      force_sso: true,
      has_pci: false,
      has_pci_passwords: true,
      ip_whitelist: '198.51.100.0/24',
      created_at: '2020-05-01T10:00:00Z',
      updated_at: '2026-01-15T10:00:00Z',
      deleted_at: null,
    },
    users: [
      user('u-owner', 'owner@faultline.example', 'superuser'),
      user('u-security', 'security@faultline.example', 'engineer'),
      user('u-dev', 'dev@faultline.example', 'engineer'),
      user('u-billing', 'billing@faultline.example', 'billing'),
    ],
  };
}

export const FAULTLINE_POLICY: Policy = {
  version: 1,
  rules: {
    'account.pci': { remediate: 'auto' },
    'user.email-domain': { allowedDomains: ['faultline.example'] },
  },
};

/** The rules that cannot be judged when `need` is missing. */
export function rulesNeeding(need: RuleNeed): string[] {
  return RULE_IDS.filter((id) => (getRule(id).needs as readonly RuleNeed[]).includes(need));
}

export interface FaultMode {
  name: string;
  /** Built per run: the 429 reset time is relative to now. */
  fault: () => Fault;
  /** What the report error's message must say. */
  message: RegExp;
  /** The HTTP status the report error carries, when there was a response. */
  status?: number;
}

/** Client settings of the in-process runs: every timeout and retry kept short. */
export const CLIENT_TIMEOUT_MS = 200;
export const FAST_RETRY = { baseDelayMs: 1, maxTotalWaitMs: 20 };

const httpMode = (status: number): FaultMode => ({
  name: String(status),
  fault: () => ({ status }),
  message: new RegExp(`: HTTP ${status} `),
  status,
});

/** Every fault the simulator can inject, as issue 7 lists them. */
export const FAULT_MODES: FaultMode[] = [
  {
    name: 'latency beyond the timeout',
    fault: () => ({ latencyMs: CLIENT_TIMEOUT_MS * 5 }),
    message: /no response within \d+ ms/,
  },
  httpMode(500),
  httpMode(502),
  httpMode(503),
  httpMode(401),
  httpMode(403),
  httpMode(404),
  {
    name: '429 with a reset header an hour away',
    fault: () => ({ status: 429, headers: { 'Fastly-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 3600) } }),
    message: /: HTTP 429 .*rate limit resets at \d{4}-/,
    status: 429,
  },
  {
    name: '429 without a reset header',
    fault: () => ({ status: 429 }),
    message: /: HTTP 429 .*exceeded your hourly rate limit/,
    status: 429,
  },
  { name: 'malformed JSON', fault: () => ({ malformedJson: true }), message: /invalid response: response is not JSON/ },
  { name: 'wrong types', fault: () => ({ wrongTypes: true }), message: /invalid response: field \S*(force_2fa|two_factor_auth_enabled|created_at)/ },
  { name: 'wrong shape', fault: () => ({ wrongShape: true }), message: /invalid response: response body: / },
  { name: 'connection reset', fault: () => ({ reset: true }), message: /network error ECONNRESET/ },
  { name: 'hang', fault: () => ({ hang: true }), message: /no response within \d+ ms/ },
  {
    // Not a simulator mode of its own: a proxy that echoes the request's key in its error body.
    name: 'error body echoing the token',
    fault: () => ({ status: 502, body: JSON.stringify({ msg: `Bad gateway: upstream refused Fastly-Key ${FAULT_TOKEN}` }) }),
    message: /: HTTP 502 .*upstream refused Fastly-Key \[REDACTED\]/,
    status: 502,
  },
];

export const OPERATIONS: (FastlyOperation & RouteName)[] = ['get_logged_in_customer', 'list_users', 'update_customer'];

/** The reads of tokens and invitations: a fault makes the rules that need them ERROR. */
export const ACCESS_OPERATIONS: (FastlyOperation & RouteName)[] = ['list_customer_tokens', 'list_automation_tokens', 'list_invitations'];

export function faultMode(name: string): FaultMode {
  const mode = FAULT_MODES.find((candidate) => candidate.name === name);
  if (mode === undefined) throw new Error(`no fault mode named ${name}`);
  return mode;
}
