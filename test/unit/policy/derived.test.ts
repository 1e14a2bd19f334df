/**
 * The catalog's ordered list is the one place that names the rules: the policy schema's blocks,
 * the defaults, the remediation settings and the planner's fixes are derived from the rules'
 * own declarations. These tests hold the derived pieces to the declarations.
 */
import { readFileSync } from 'node:fs';
import { getFix, getRule, REMEDIABLE_RULE_IDS, RULE_IDS, RULES } from '../../../lambda/policy/catalog.js';
import { DEFAULT_SETTINGS, ruleSettings } from '../../../lambda/policy/settings.js';
import { planRemediation } from '../../../lambda/remediation/planner.js';
import { remediationSettings } from '../../../lambda/remediation/settings.js';
import { finding, planInput } from '../../helpers/remediation-fixtures.js';
import { policy } from '../../helpers/policy-fixtures.js';

interface JsonSchemaBlock {
  description: string;
  properties: Record<string, { default?: unknown }>;
}

const committedSchema = JSON.parse(readFileSync(new URL('../../../policy.schema.json', import.meta.url), 'utf8')) as {
  properties: { rules: { properties: Record<string, JsonSchemaBlock> }; exceptions: { items: { properties: { rule: { enum: string[] } } } } };
};
const blocks = committedSchema.properties.rules.properties;

describe('policy.schema.json follows the rules\' declarations', () => {
  it('has one block per rule, in catalog order, and exceptions name the same ids', () => {
    expect(Object.keys(blocks)).toEqual([...RULE_IDS]);
    expect(committedSchema.properties.exceptions.items.properties.rule.enum).toEqual([...RULE_IDS]);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: the block has exactly the declared keys', (id, rule) => {
    expect(Object.keys(blocks[id]?.properties ?? {})).toEqual(Object.keys(rule.settings));
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: documented defaults are the declared ones', (id) => {
    for (const [key, property] of Object.entries(blocks[id]?.properties ?? {})) {
      if ('default' in property) expect([key, property.default]).toEqual([key, (DEFAULT_SETTINGS[id] as Record<string, unknown>)[key]]);
    }
  });
});

describe('defaults', () => {
  it('are each rule\'s declared defaults, common keys included', () => {
    for (const rule of RULES) {
      expect(DEFAULT_SETTINGS[rule.id]).toBe(rule.defaults);
      expect(rule.defaults).toMatchObject({ enabled: true });
      expect('remediate' in rule.defaults).toBe(rule.fix !== undefined);
      const defaulted = Object.entries(rule.settings).filter(([, spec]) => spec.defaulted).map(([key]) => key);
      expect(Object.keys(rule.defaults)).toEqual(defaulted);
    }
  });

  it('are frozen, lists included, so no caller can change what the next run resolves', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS['user.superuser-count'])).toBe(true);
    expect(Object.isFrozen(DEFAULT_SETTINGS['user.superuser-count'].breakGlass)).toBe(true);
    expect(() => (DEFAULT_SETTINGS['user.superuser-count'].breakGlass as string[]).push('x')).toThrow(TypeError);
    expect(ruleSettings(policy(), 'user.superuser-count').breakGlass).toEqual([]);
  });
});

describe('remediation follows the rules that declare a fix', () => {
  const withFix = RULES.filter((rule) => rule.fix !== undefined).map((rule) => rule.id);

  it('remediable ids are the rules with a fix, which are exactly the automatic ones, in catalog order', () => {
    expect(REMEDIABLE_RULE_IDS).toEqual(withFix);
    expect(RULES.filter((rule) => rule.remediation.automatic).map((rule) => rule.id)).toEqual(withFix);
    expect(withFix).toEqual(['account.force-2fa', 'account.force-sso', 'account.ip-allowlist', 'account.pci']);
  });

  it('remediation settings hold the resolved settings of exactly those rules', () => {
    const settings = remediationSettings(policy({ rules: { 'account.pci': { remediate: 'auto' } } }));
    expect(Object.keys(settings)).toEqual(withFix);
    for (const id of REMEDIABLE_RULE_IDS) expect(settings[id]).toEqual(ruleSettings(policy({ rules: { 'account.pci': { remediate: 'auto' } } }), id));
  });

  it('the planner weighs the declared fix of every failing remediable rule, and of no other rule', () => {
    const plan = planRemediation(planInput({ findings: RULE_IDS.map((id) => finding(id)) }));
    expect(plan.changes.map((change) => [change.ruleId, change.field])).toEqual(
      REMEDIABLE_RULE_IDS.map((id) => [id, getFix(id).field]),
    );
  });

  it('getFix gives the fix the rule declares', () => {
    for (const id of REMEDIABLE_RULE_IDS) expect(getFix(id)).toBe(getRule(id).fix);
  });
});
