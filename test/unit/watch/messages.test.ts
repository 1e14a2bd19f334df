/* eslint-disable no-control-regex -- the tests look for terminal escapes in rendered text */
import { escapeTerminal } from '../../../lambda/report/escape.js';
import type { WatchAlert } from '../../../lambda/watch/alert.js';
import { buildHealthNotification } from '../../../lambda/watch/failure-messages.js';
import { alertSubject, buildAlertNotification, renderAlertMarkdown, renderAlertText } from '../../../lambda/watch/messages.js';

const HOSTILE = 'Evil\n# Corp <!channel> *bold* `x` \u001b[31mred\u202e';

function alert(overrides: Partial<WatchAlert> = {}): WatchAlert {
  return {
    runId: 'run-1',
    customer: { id: 'c-1', name: 'ACME Corp' },
    checkedAt: '2026-12-01T10:05:00.000Z',
    comparedWith: '2026-12-01T10:00:00.000Z',
    status: 'FAIL',
    warnings: [],
    changes: [
      {
        kind: 'REGRESSION',
        ruleId: 'account.force-2fa',
        field: 'force_2fa',
        severity: 'high',
        title: 'Two-factor authentication is forced for the account',
        before: { status: 'PASS', value: true },
        after: { status: 'FAIL', value: false },
        attribution: { eventId: 'e1', eventType: 'customer.update', at: '2026-12-01T10:03:00Z', actor: { id: 'u1', login: 'jane@acme.example' }, ip: '203.0.113.7', admin: false, description: null },
      },
    ],
    ...overrides,
  };
}

describe('the watch alert', () => {
  it('says what changed, who changed it, and what to do', () => {
    const notification = buildAlertNotification(alert());
    const message = JSON.parse(notification.message) as { default: string; email: string; https: string };

    expect(notification.subject).toBe('Fastly ALERT ACME Corp: force_2fa turned off');
    expect(notification.messageAttributes).toEqual({
      status: { DataType: 'String', StringValue: 'FAIL' },
      severity: { DataType: 'String', StringValue: 'high' },
      customer_id: { DataType: 'String', StringValue: 'c-1' },
      change: { DataType: 'String', StringValue: 'REGRESSION' },
      mode: { DataType: 'String', StringValue: 'watch' },
    });
    expect(message.email).toContain('REGRESSION  account.force-2fa (high): force_2fa turned off');
    expect(message.email).toContain('true -> false');
    expect(message.email).toContain('changed by jane@acme.example at 2026-12-01T10:03:00Z from 203.0.113.7 (customer.update)');
    expect(message.email).toContain('What to do: Control panel');
    expect(JSON.parse(message.https).content.keywords).toEqual(['REGRESSION', 'high', 'watch']);
  });

  it('names the fleet account and counts further changes in the subject', () => {
    const [first] = alert().changes;
    const second = { ...first!, ruleId: 'account.pci' as const, field: 'has_pci', attribution: undefined };

    expect(alertSubject(alert({ account: 'prod', changes: [first!, second] }))).toBe('Fastly ALERT prod (ACME Corp): force_2fa turned off (+1 more)');
  });

  it('says RECOVERY when nothing regressed', () => {
    const [first] = alert().changes;
    const recovery = alert({ status: 'PASS', changes: [{ ...first!, kind: 'RECOVERY', before: first!.after, after: first!.before }] });

    expect(alertSubject(recovery)).toBe('Fastly RECOVERY ACME Corp: force_2fa turned on');
    expect(buildAlertNotification(recovery).messageAttributes.severity.StringValue).toBe('NONE');
  });

  it('neutralises hostile names, logins and values in every rendering', () => {
    const [first] = alert().changes;
    const hostile = alert({
      customer: { id: 'c-1', name: HOSTILE },
      changes: [
        { ...first!, ruleId: 'account.ip-allowlist', field: 'ip_whitelist', before: { status: 'PASS', value: '198.51.100.0/24' }, after: { status: 'FAIL', value: HOSTILE }, attribution: { ...first!.attribution!, actor: { id: 'u1', login: HOSTILE }, ip: HOSTILE } },
      ],
      warnings: [HOSTILE],
    });
    const notification = buildAlertNotification(hostile);
    const message = JSON.parse(notification.message) as { email: string; https: string };
    const chat = JSON.parse(message.https).content as { title: string; description: string };

    expect(notification.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    for (const text of [message.email, renderAlertText(hostile)]) {
      expect(text).not.toMatch(/[\u001b\u202e]/);
      expect(text).not.toMatch(/^# Corp/m);
      expect(text).toContain(escapeTerminal(HOSTILE));
    }
    const markdown = renderAlertMarkdown(hostile);
    expect(markdown).not.toMatch(/^# Corp|(?<!\\)<!channel>|(?<!\\)\*bold/m);
    expect(markdown).toContain('\\*bold\\*');
    expect(`${chat.title}\n${chat.description}`).not.toMatch(/<!channel>|\*bold\*|`x`|\u001b/);
    expect(chat.description.split('\n').every((line) => !line.startsWith('# Corp'))).toBe(true);
  });
});

describe("the watch's failure notification", () => {
  it('says once which accounts cannot be watched, and what to do', () => {
    const notification = buildHealthNotification({
      runId: 'run-1',
      failing: [
        { label: 'prod', customerId: 'c-1', message: 'Could not read the account: HTTP 503', action: 'Check the Fastly status page.' },
        { label: HOSTILE, message: `Could not read the account: ${HOSTILE}` },
      ],
      restored: [],
    });

    expect(notification?.subject).toBe('Fastly watch ERROR 2 accounts: cannot be watched');
    expect(notification?.messageAttributes.change.StringValue).toBe('ERROR');
    const message = JSON.parse(notification!.message) as { email: string; https: string };
    expect(message.email).toContain('- prod (customer c-1): Could not read the account: HTTP 503');
    expect(message.email).toContain('What to do: Check the Fastly status page.');
    expect(message.email).not.toMatch(/[\u001b\u202e]|^# Corp/m);
    expect(JSON.parse(message.https).content.description).not.toMatch(/<!channel>|\u001b/);
  });

  it('says when an account is watched again, and nothing when nothing changed', () => {
    const restored = buildHealthNotification({ runId: 'r', failing: [], restored: [{ label: 'prod', customerId: 'c-1', failingSince: '2026-12-01T09:00:00.000Z' }] });

    expect(restored?.subject).toBe('Fastly watch prod: watched again');
    expect(restored?.messageAttributes.change.StringValue).toBe('RESTORED');
    expect(restored?.messageAttributes.customer_id.StringValue).toBe('c-1');
    expect(buildHealthNotification({ runId: 'r', failing: [], restored: [] })).toBeUndefined();
  });
});
