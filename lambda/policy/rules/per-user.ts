/**
 * One outcome per item (user, token, invitation), made lazily: shared by the rules that judge
 * every user, token or invitation of the account.
 */
import type { User } from '../../fastly/schemas.js';
import type { RuleOutcome } from '../types.js';

/**
 * One outcome per item, made as the evaluator reads it (see RuleDefinition.evaluate); an item the
 * rule does not cover (judge returns undefined) yields none. A plain iterator rather than a
 * generator: V8 runs it about three times faster.
 */
class PerItem<T> implements IterableIterator<RuleOutcome> {
  private index = 0;

  constructor(
    private readonly items: readonly T[],
    private readonly judge: (item: T) => RuleOutcome | undefined,
  ) {}

  next(): IteratorResult<RuleOutcome> {
    while (this.index < this.items.length) {
      const item = this.items[this.index] as T;
      this.index += 1;
      const outcome = this.judge(item);
      if (outcome !== undefined) return { value: outcome, done: false };
    }
    return { value: undefined, done: true };
  }

  [Symbol.iterator](): IterableIterator<RuleOutcome> {
    return this;
  }
}

export function perUser(users: readonly User[], judge: (user: User) => RuleOutcome): Iterable<RuleOutcome> {
  return new PerItem(users, judge);
}

/** One outcome per item the rule covers; items it skips (judge returns undefined) yield none. */
export function perItem<T>(items: readonly T[], judge: (item: T) => RuleOutcome | undefined): Iterable<RuleOutcome> {
  return new PerItem(items, judge);
}
