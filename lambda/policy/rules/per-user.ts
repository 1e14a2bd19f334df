/** One outcome per user, made lazily: shared by the rules that judge every user of the account. */
import type { User } from '../../fastly/schemas.js';
import type { RuleOutcome } from '../types.js';

/**
 * One outcome per user, made as the evaluator reads it (see RuleDefinition.evaluate). A plain
 * iterator rather than a generator: V8 runs it about three times faster.
 */
class PerUser implements IterableIterator<RuleOutcome> {
  private index = 0;

  constructor(
    private readonly users: readonly User[],
    private readonly judge: (user: User) => RuleOutcome,
  ) {}

  next(): IteratorResult<RuleOutcome> {
    const user = this.users[this.index];
    if (user === undefined) return { value: undefined, done: true };
    this.index += 1;
    return { value: this.judge(user), done: false };
  }

  [Symbol.iterator](): IterableIterator<RuleOutcome> {
    return this;
  }
}

export function perUser(users: readonly User[], judge: (user: User) => RuleOutcome): Iterable<RuleOutcome> {
  return new PerUser(users, judge);
}
