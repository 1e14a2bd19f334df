/**
 * The two deployment switches, defined once for the Lambda environment schema, the command
 * line, the construct props and the CDK context (the first value of each is the default).
 */

/** `plan` only reports the fixes; `apply` also writes them (and verifies them). */
export const REMEDIATION_MODES = ['plan', 'apply'] as const;
export type RemediationMode = (typeof REMEDIATION_MODES)[number];

/** `always` notifies after every run; `change` only when something changed (an ERROR run always notifies). */
export const NOTIFY_MODES = ['always', 'change'] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];

/**
 * A fleet account's notifications: `always` and `change` as for one account, or `digest`, where
 * the account sends none of its own and only the fleet's digest speaks for it.
 */
export const ACCOUNT_NOTIFY_MODES = [...NOTIFY_MODES, 'digest'] as const;
export type AccountNotifyMode = (typeof ACCOUNT_NOTIFY_MODES)[number];
