/** The account the simulator serves: one customer, its users, tokens, invitations and audit log, handed out as deep copies. */
import { changeEvent, type AccountChange } from './account-change.js';
import { isoSeconds } from './random.js';
import type { SeedPatch, SimulatorSeed } from './types.js';

export class AccountState {
  private customerRecord: Record<string, unknown>;
  private userRecords: Record<string, unknown>[];
  private tokenRecords: Record<string, unknown>[];
  private automationTokenRecords: Record<string, unknown>[];
  private invitationRecords: Record<string, unknown>[];
  /** Newest first, as the audit log is read; sorted once per change, not per request. */
  private eventRecords: Record<string, unknown>[];
  /** The same, by event type (built on first use): a typed query scans only its own type. */
  private eventsByType: Map<unknown, Record<string, unknown>[]> | undefined;

  constructor(seed: SimulatorSeed) {
    this.customerRecord = structuredClone(seed.customer);
    this.userRecords = structuredClone(seed.users);
    this.tokenRecords = structuredClone(seed.tokens ?? []);
    this.automationTokenRecords = structuredClone(seed.automationTokens ?? []);
    this.invitationRecords = structuredClone(seed.invitations ?? []);
    this.eventRecords = newestFirst(structuredClone(seed.events ?? []));
  }

  get customerId(): unknown {
    return this.customerRecord.id;
  }

  get ipAllowlist(): unknown {
    return this.customerRecord.ip_whitelist;
  }

  customer(): Record<string, unknown> {
    return structuredClone(this.customerRecord);
  }

  users(): Record<string, unknown>[] {
    return structuredClone(this.userRecords);
  }

  /**
   * A list as it is, not a copy, for answers that only serialize it: copying 1,000 tokens on every
   * request would slow the simulated API the benchmark measures against.
   */
  listed(list: 'tokens' | 'automationTokens' | 'invitations'): readonly Record<string, unknown>[] {
    if (list === 'tokens') return this.tokenRecords;
    return list === 'automationTokens' ? this.automationTokenRecords : this.invitationRecords;
  }

  /**
   * Newest first, of one type or all; the records themselves, not copies: callers filter and copy
   * only what they answer.
   */
  eventsNewestFirst(type?: string): readonly Record<string, unknown>[] {
    if (type === undefined) return this.eventRecords;
    if (this.eventsByType === undefined) {
      this.eventsByType = new Map();
      for (const event of this.eventRecords) {
        const key = (event.attributes as Record<string, unknown> | undefined)?.event_type;
        const list = this.eventsByType.get(key) ?? [];
        list.push(event);
        this.eventsByType.set(key, list);
      }
    }
    return this.eventsByType.get(type) ?? [];
  }

  /** True when the user with this id is listed with the superuser role. */
  isSuperuser(userId: string | undefined): boolean {
    const user = this.userRecords.find((candidate) => candidate.id === userId);
    if (user === undefined) return false;
    return user.role === 'superuser' || (Array.isArray(user.roles) && user.roles.includes('superuser'));
  }

  /** Merges `customer` into the current customer; replaces each other list the patch gives. */
  update(patch: SeedPatch): void {
    if (patch.customer !== undefined) {
      this.customerRecord = { ...this.customerRecord, ...structuredClone(patch.customer) };
    }
    if (patch.users !== undefined) this.userRecords = structuredClone(patch.users);
    if (patch.tokens !== undefined) this.tokenRecords = structuredClone(patch.tokens);
    if (patch.automationTokens !== undefined) this.automationTokenRecords = structuredClone(patch.automationTokens);
    if (patch.invitations !== undefined) this.invitationRecords = structuredClone(patch.invitations);
    if (patch.events !== undefined) {
      this.eventRecords = newestFirst(structuredClone(patch.events));
      this.eventsByType = undefined;
    }
  }

  /** A successful update_customer: the fields land and updated_at moves, as on the service. */
  applyCustomerUpdate(fields: Record<string, string | boolean>, now: Date): void {
    this.customerRecord = { ...this.customerRecord, ...fields, updated_at: isoSeconds(now.getTime()) };
  }

  /** A person's change: the fields land, updated_at moves, and the audit log records who made it. */
  recordChange(change: AccountChange, now: Date): Record<string, unknown> {
    const event = changeEvent(this.customerRecord, change, now);
    this.customerRecord = { ...this.customerRecord, ...structuredClone(change.customer), updated_at: isoSeconds(now.getTime()) };
    this.eventRecords = newestFirst([event, ...this.eventRecords]);
    this.eventsByType = undefined;
    return structuredClone(event);
  }

  markDeleted(now: Date): void {
    this.customerRecord = { ...this.customerRecord, deleted_at: isoSeconds(now.getTime()) };
  }
}

/** An event's created_at in ms, or -Infinity when it has none (such events sort last). */
export function eventTime(event: Record<string, unknown>): number {
  const attributes = event.attributes as Record<string, unknown> | undefined;
  const raw = attributes?.created_at;
  const ms = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function newestFirst(events: Record<string, unknown>[]): Record<string, unknown>[] {
  return events
    .map((event) => ({ event, at: eventTime(event) }))
    .sort((a, b) => (b.at === a.at ? 0 : b.at > a.at ? 1 : -1))
    .map((entry) => entry.event);
}
