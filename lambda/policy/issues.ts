/**
 * Turns zod issues into policy problems a person can fix: a JSON-ish path such as
 * `rules["account.force-2fa"].remediat` and a message that says what is wrong, with a
 * "did you mean" when a key, rule id or value looks misspelt. The accounts file
 * (lambda/fleet/accounts-schema.ts) reports its problems the same way.
 */
import * as z from '../zod.js';
import { closestMatch } from './suggest.js';
import { RULE_IDS } from './catalog.js';

export interface PolicyIssue {
  path: string;
  message: string;
}

/** The keys an object in the policy may have at a path, for suggestions. */
export type KnownKeys = (path: readonly PropertyKey[]) => readonly string[];

/** The keys the object at a path of `root` may have, found by walking the schema (for "did you mean"). */
export function knownKeysOf(root: z.core.$ZodType): KnownKeys {
  return (path) => {
    let schema: z.core.$ZodType = root;
    for (const segment of path) {
      while (schema instanceof z.ZodMiniOptional) schema = schema.def.innerType;
      if (schema instanceof z.ZodMiniArray && typeof segment === 'number') schema = schema.def.element;
      else if (schema instanceof z.ZodMiniObject && typeof segment === 'string' && segment in schema.def.shape) {
        schema = schema.def.shape[segment] as z.core.$ZodType;
      } else return [];
    }
    while (schema instanceof z.ZodMiniOptional) schema = schema.def.innerType;
    return schema instanceof z.ZodMiniObject ? Object.keys(schema.def.shape) : [];
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text || '(root)';
}

function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match ? `; did you mean ${JSON.stringify(match)}?` : '';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

function isRuleIdList(values: readonly unknown[]): boolean {
  return values.length === RULE_IDS.length && RULE_IDS.every((id) => values.includes(id));
}

function unknownKeyMessage(path: readonly PropertyKey[], key: string, knownKeys: KnownKeys): string {
  if (path.length === 1 && path[0] === 'rules') return `unknown rule id${didYouMean(key, RULE_IDS)}`;
  if (path.length === 2 && path[0] === 'rules' && key === 'remediate') {
    return `"remediate" is not allowed: ${String(path[1])} has no automatic fix`;
  }
  const known = knownKeys(path);
  const suggestion = didYouMean(key, known);
  return suggestion ? `unknown key${suggestion}` : `unknown key (allowed: ${known.join(', ')})`;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(input)}`;
    case 'invalid_value': {
      if (input === undefined) return 'is required';
      if (isRuleIdList(issue.values)) {
        return `unknown rule id ${JSON.stringify(input)}${typeof input === 'string' ? didYouMean(input, RULE_IDS) : ''}`;
      }
      // "version": "1" is the number written in quotes, not a misspelling of it.
      const unquoted = typeof input === 'string' ? issue.values.find((value) => typeof value !== 'string' && String(value) === input.trim()) : undefined;
      if (unquoted !== undefined) return `expected ${describeValue(unquoted)}, got ${describeValue(input)}: write it without quotes`;
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(', ');
      const words = issue.values.filter((value): value is string => typeof value === 'string');
      const hint = typeof input === 'string' ? didYouMean(input, words) : '';
      return `expected one of ${allowed}, got ${describeValue(input)}${hint}`;
    }
    case 'invalid_format':
      // A pattern's own message says what the value must look like.
      if (issue.format === 'regex') return `${describeValue(input)} ${issue.message}`;
      if (issue.format === 'date') {
        return `${describeValue(input)} is not a real calendar date in the form YYYY-MM-DD`;
      }
      return `${describeValue(input)} is not a valid ${issue.format}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return 'must not be empty';
      if (issue.origin === 'array') return `must list at least ${issue.minimum} item(s)`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `must list at most ${issue.maximum} item(s)` : `must be at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

export function toPolicyIssues(issues: readonly z.core.$ZodIssue[], knownKeys: KnownKeys): PolicyIssue[] {
  return issues.flatMap((issue): PolicyIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: unknownKeyMessage(issue.path, key, knownKeys),
      }));
    }
    return [{ path: formatPath(issue.path), message: issueMessage(issue) }];
  });
}

/** One "source: path: message" line per problem (no source prefix when there is none). */
export function formatPolicyIssues(issues: readonly PolicyIssue[], source?: string): string {
  return issues
    .map((issue) => [source, issue.path, issue.message].filter((part) => part !== undefined && part !== '').join(': '))
    .join('\n');
}
