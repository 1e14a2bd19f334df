/** The account the simulator serves: one customer and its users, handed out as deep copies. */
import type { SimulatorSeed } from './types.js';

export class AccountState {
  private customerRecord: Record<string, unknown>;
  private userRecords: Record<string, unknown>[];

  constructor(seed: SimulatorSeed) {
    this.customerRecord = structuredClone(seed.customer);
    this.userRecords = structuredClone(seed.users);
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

  /** Merges `customer` into the current customer; replaces the user list with `users`. */
  update(patch: { customer?: Record<string, unknown>; users?: Record<string, unknown>[] }): void {
    if (patch.customer !== undefined) {
      this.customerRecord = { ...this.customerRecord, ...structuredClone(patch.customer) };
    }
    if (patch.users !== undefined) this.userRecords = structuredClone(patch.users);
  }

  /** A successful update_customer: the fields land and updated_at moves, as on the service. */
  applyCustomerUpdate(fields: Record<string, string | boolean>, now: Date): void {
    this.customerRecord = { ...this.customerRecord, ...fields, updated_at: isoSeconds(now) };
  }

  markDeleted(now: Date): void {
    this.customerRecord = { ...this.customerRecord, deleted_at: isoSeconds(now) };
  }
}

/** Fastly timestamps carry no milliseconds: 2026-11-29T13:42:57Z. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
