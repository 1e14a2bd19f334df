/** The account flag checks shared by force-2fa, force-sso, pci and pci-passwords. */
import type { Customer } from '../../fastly/schemas.js';
import { accountSubject } from '../subjects.js';
import type { RuleOutcome } from '../types.js';

export type FlagField = 'force_2fa' | 'force_sso' | 'has_pci' | 'has_pci_passwords';

/** PASS only when the flag is exactly true; false, null and absent all fail, each said plainly. */
export function flagOutcome(customer: Customer, field: FlagField, failure: string, extra: Record<string, unknown> = {}): RuleOutcome {
  const value = customer[field];
  const subject = accountSubject(customer);
  const evidence = { [field]: value ?? null, ...extra };
  if (value === true) return { status: 'PASS', subject, message: `${field} is true.`, evidence };
  const state = value === false ? 'false' : 'not set in the API response';
  return { status: 'FAIL', subject, message: `${failure} (${field} is ${state}).`, evidence };
}
