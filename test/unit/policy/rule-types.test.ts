/**
 * Type-level tests, checked by `tsc --noEmit` (npm test): each `@ts-expect-error` below must stay
 * an error, or tsc fails on the unused directive. "Which rules can be fixed" is a type derived from
 * the rules that declare a fix.
 */
import type { Customer } from '../../../lambda/fastly/schemas.js';
import { getFix, type RemediableRuleId, type RuleId } from '../../../lambda/policy/catalog.js';
import type { ComplianceRequirement } from '../../../lambda/policy/compliance.js';
import { defineRule } from '../../../lambda/policy/define-rule.js';
import type { CommonSettings } from '../../../lambda/policy/setting.js';
import { setting } from '../../../lambda/policy/setting.js';
import type { ResolvedSettings } from '../../../lambda/policy/settings.js';
import type { Fix } from '../../../lambda/policy/types.js';
import type { RemediationSettings } from '../../../lambda/remediation/types.js';
import * as z from '../../../lambda/zod.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Each assignable to the other (an intersection and its flattened form are "the same"). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const remediableIds: Equal<RemediableRuleId, 'account.force-2fa' | 'account.force-sso' | 'account.ip-allowlist' | 'account.pci'> = true;
const remediationSettingsKeys: Equal<keyof RemediationSettings, RemediableRuleId> = true;
const ruleIds: Equal<keyof ResolvedSettings, RuleId> = true;
// Settings types come from the declared zod schemas and defaults: defaulted keys are always there.
const inactiveSettings: Same<ResolvedSettings['user.inactive'], { enabled: boolean; severity?: CommonSettings['severity']; maxInactiveDays: number }> = true;
const allowlistDesired: Equal<ResolvedSettings['account.ip-allowlist']['desired'], string | undefined> = true;

const declaration = {
  title: 'A test rule',
  severity: 'low',
  risk: 'None.',
  references: [],
  needs: ['customer'],
  evaluate: () => [],
} as const;
const fix = { field: 'has_pci', target: () => true, guardrail: () => ({ ok: true }) } as const;

/** Declarations that must not compile; never called. */
function _mistakes(customer: Customer) {
  defineRule({
    ...declaration,
    id: 'test.fix-without-automatic',
    remediation: { console: 'Do it.', automatic: false },
    // @ts-expect-error a rule whose remediation is not automatic cannot declare a fix
    fix,
  });

  // @ts-expect-error an automatic rule must declare its fix
  defineRule({ ...declaration, id: 'test.automatic-without-fix', remediation: { console: 'Do it.', automatic: true } });

  defineRule({
    ...declaration,
    id: 'test.read-only-field',
    remediation: { console: 'Do it.', automatic: true },
    // @ts-expect-error has_pci_passwords is read-only: not a field a fix can write
    fix: { ...fix, field: 'has_pci_passwords' },
  });

  defineRule({
    ...declaration,
    id: 'test.settings-are-typed',
    remediation: { console: 'Do it.', automatic: true },
    settings: { limit: setting(z.int(), { description: 'A limit.', default: 1 }) },
    fix: {
      ...fix,
      // @ts-expect-error the fix reads its rule's settings, and this rule has no `max`
      guardrail: ({ settings }) => (settings.max > settings.limit ? { ok: true } : { ok: false, reason: 'no' }),
    },
  });

  defineRule({
    ...declaration,
    id: 'test.default-matches-schema',
    remediation: { console: 'Do it.', automatic: false },
    // @ts-expect-error a default must be a value of its schema
    settings: { limit: setting(z.int(), { description: 'A limit.', default: 'one' }) },
  });

  // @ts-expect-error user.inactive has no automatic fix
  getFix('user.inactive');

  // @ts-expect-error account.pci-passwords is not remediable
  const _notRemediable: RemediableRuleId = 'account.pci-passwords';

  // @ts-expect-error the compliance table names rule ids of the catalog only
  const _unknownRule: ComplianceRequirement = { framework: 'SOC 2', version: '2017 TSC', requirement: 'CC6.1', title: 'x', ruleIds: ['user.2fa'] };

  return customer;
}

// @ts-expect-error a fix needs the settings of a fixable rule (with `remediate`)
type _FixOfPlainRule = Fix<CommonSettings>;

it('derives which rules are remediable, and their settings, from the rules themselves (checked by tsc)', () => {
  expect([remediableIds, remediationSettingsKeys, ruleIds, inactiveSettings, allowlistDesired]).toEqual([true, true, true, true, true]);
  expect(typeof _mistakes).toBe('function');
});
