/**
 * A small evaluator of SNS subscription filter policies on message attributes (the subset the
 * stack writes: `$or`, lists of exact strings, `{"exists": bool}`; keys of one object are ANDed),
 * so tests can say which messages a subscription receives, not only what its policy looks like.
 * As in SNS, a message with no attributes at all matches only a policy that allows absence.
 */
export type MessageAttributes = Record<string, string>;

function matchesValue(rule: unknown, name: string, attributes: MessageAttributes): boolean {
  const present = Object.hasOwn(attributes, name);
  if (typeof rule === 'string') return present && attributes[name] === rule;
  if (rule !== null && typeof rule === 'object' && 'exists' in rule) return (rule as { exists: boolean }).exists === present;
  throw new Error(`sns-filter: unsupported rule ${JSON.stringify(rule)} for ${name}`);
}

export function filterPolicyMatches(policy: Record<string, unknown>, attributes: MessageAttributes): boolean {
  return Object.entries(policy).every(([key, rule]) => {
    if (key === '$or') return (rule as Record<string, unknown>[]).some((branch) => filterPolicyMatches(branch, attributes));
    if (!Array.isArray(rule)) throw new Error(`sns-filter: ${key} must be a list of rules`);
    return rule.some((item: unknown) => matchesValue(item, key, attributes));
  });
}
