/**
 * Every write to the account, logged the moment it happens: the field, its value before and
 * after, and whether it was read back. Whatever happens next (the read-back hangs, the archive is
 * gone, the run runs out of time), the function's log says what was changed.
 */
import { logger } from '../logger.js';
import type { RemediationObserver } from '../remediation/executor.js';
import type { RemediationChange } from '../report/model.js';

function fields(change: RemediationChange, after: unknown, verified: boolean) {
  return { ruleId: change.ruleId, field: change.field, before: change.from, after, verified };
}

export const remediationLog: RemediationObserver = {
  written(changes) {
    for (const change of changes) logger.info('account changed', fields(change, change.to, false));
  },
  settled(changes) {
    for (const change of changes) {
      if (change.status === 'verified') logger.info('account change verified', fields(change, change.after, true));
      else logger.error('account change failed', { ...fields(change, change.after ?? null, false), to: change.to, reason: change.reason });
    }
  },
};
