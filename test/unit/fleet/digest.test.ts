/**
 * The fleet digest: the model (totals, worst first), each account's outcome taken from its
 * report, the subject, and the text, markdown, Slack and SNS renderings, with hostile customer
 * names and a thousand accounts.
 */
import { buildDigestChat } from '../../../lambda/fleet/digest-chat.js';
import { buildDigestNotification } from '../../../lambda/fleet/digest-notification.js';
import { buildDigestSubject } from '../../../lambda/fleet/digest-subject.js';
import { renderDigestMarkdown, renderDigestText } from '../../../lambda/fleet/digest-text.js';
import { failedOutcome, outcomeOf, parseOutcome } from '../../../lambda/fleet/outcome.js';
import { escapeChat, escapeMarkdown, escapeTerminal } from '../../../lambda/report/escape.js';
import { notificationBytes, SNS_MAX_PUBLISH_BYTES } from '../../../lambda/report/notification.js';
import { digestOf, errorOutcome, HOSTILE_CUSTOMER, outcome } from '../../helpers/fleet-fixtures.js';
import { makeReport } from '../../helpers/report-fixtures.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;
const LOCATION = 's3://fastly-audit-reports/digests/2026/03/14/fleet-run-1.json';

/** Twelve accounts: one in ERROR, two failing (one critical), nine passing, four new findings. */
function twelve() {
  return digestOf([
    ...Array.from({ length: 9 }, (_, index) => outcome(`pass-${index + 1}`)),
    outcome('media', { severities: { medium: 2 }, newFindings: 1 }),
    outcome('prod', { severities: { critical: 1, high: 3 }, newFindings: 3 }),
    errorOutcome('broken', 'Could not read the account: HTTP 401 Unauthorized'),
  ]);
}

describe('the digest model', () => {
  it('counts the fleet and lists the accounts worst first: ERROR, FAIL by severity and count, then PASS by name', () => {
    const digest = digestOf([
      outcome('b-pass'),
      outcome('high-few', { severities: { high: 1 } }),
      outcome('critical', { severities: { critical: 1 } }),
      errorOutcome('broken', 'HTTP 401'),
      outcome('high-many', { severities: { high: 5 }, newFindings: 2 }),
      outcome('a-pass', { newFindings: null, change: 'FIRST_RUN' }),
      outcome('low', { severities: { low: 9 } }),
    ]);

    expect(digest.accounts.map((entry) => entry.account)).toEqual(['broken', 'critical', 'high-many', 'high-few', 'low', 'a-pass', 'b-pass']);
    expect(digest).toMatchObject({
      status: 'ERROR',
      highestSeverity: 'critical',
      totals: { accounts: 7, pass: 2, fail: 4, error: 1, failingFindings: 16, newFindings: 2 },
    });
    expect(digestOf([outcome('a'), outcome('b')])).toMatchObject({ status: 'PASS', highestSeverity: null });
  });

  it("takes an account's outcome from its report: counts, what is new, errors, and a notification that failed", () => {
    const previous = makeReport({ failingUsers: 1 });
    const report = { ...makeReport({ failingUsers: 3 }), delta: { new: ['a', 'b'], resolved: [], unchanged: ['c'], previousStatus: 'FAIL' as const } };

    const fine = outcomeOf('prod', report, { reportLocation: 's3://b/reports/x.json', notified: true });
    const silent = outcomeOf('prod', report, { notified: true, notifyProblem: 'notification failed: SNS timed out' });

    expect(fine).toMatchObject({
      account: 'prod',
      customer: report.customer,
      status: 'FAIL',
      highestSeverity: 'critical',
      failing: 5,
      bySeverity: { critical: 1, high: 4, medium: 0, low: 0 },
      muted: 1,
      newFindings: 2,
      resolved: 0,
      change: 'NEW',
      reportLocation: 's3://b/reports/x.json',
      notified: true,
    });
    expect(outcomeOf('prod', previous, { notified: false })).toMatchObject({ newFindings: null, change: 'FIRST_RUN', reportLocation: null });
    expect(silent).toMatchObject({ status: 'ERROR', errors: [{ message: 'notification failed: SNS timed out' }] });
    expect(parseOutcome(JSON.stringify(fine), 'x')).toEqual(fine);
    expect(() => parseOutcome(JSON.stringify({ ...fine, account: 'Not A Name' }), 's3://b/k')).toThrow(/^s3:\/\/b\/k is not an account outcome/);
  });

  it('keeps at most three errors of an account, each cut', () => {
    const errors = Array.from({ length: 5 }, (_, index) => ({ message: `${index} ${'x'.repeat(2_000)}`, action: 'y'.repeat(2_000) }));
    const kept = outcomeOf('prod', makeReport({ errors }), { notified: false }).errors;

    expect(kept).toHaveLength(3);
    expect(kept.every((error) => error.message.length <= 500 && (error.action ?? '').length <= 500)).toBe(true);
    expect(failedOutcome('gone', { message: 'the audit function failed (Lambda.Unknown)' })).toMatchObject({ status: 'ERROR', customer: { id: 'unknown' }, runId: null });
  });
});

describe('the digest subject', () => {
  it.each([
    ['failing and in error, with new findings', twelve(), 'Fastly fleet audit: 2 of 12 accounts failing (critical), 1 error, 4 new'],
    ['only errors', digestOf([outcome('a'), errorOutcome('b', 'x'), errorOutcome('c', 'y')]), 'Fastly fleet audit: 2 of 3 accounts in error'],
    ['all passing', digestOf([outcome('a'), outcome('b')]), 'Fastly fleet audit: all 2 accounts pass'],
    ['one account', digestOf([outcome('a')]), 'Fastly fleet audit: 1 account passes'],
    ['one of one failing', digestOf([outcome('a', { severities: { low: 1 } })]), 'Fastly fleet audit: 1 of 1 account failing (low)'],
  ])('%s', (_case, digest, subject) => {
    expect(buildDigestSubject(digest)).toBe(subject);
  });

  it('says DEMO, and stays printable ASCII within 99 characters for a thousand accounts', () => {
    const many = digestOf(Array.from({ length: 1000 }, (_, index) => (index % 3 === 0 ? errorOutcome(`a${index}`, 'x') : outcome(`a${index}`, { severities: { high: 1000 }, newFindings: 99_999 }))));
    const subject = buildDigestSubject({ ...many, demo: true });

    expect(subject).toBe('Fastly fleet audit (DEMO): 666 of 1,000 accounts failing (high), 334 errors, 66,599,334 new');
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('the digest as text and markdown', () => {
  it('lists every account on its own line, worst first, with what failed and what to do for an ERROR', () => {
    const text = renderDigestText(twelve(), { digestLocation: LOCATION });
    const lines = text.split('\n');

    expect(lines[0]).toBe('Fastly fleet audit: 2 of 12 accounts failing (critical), 1 error, 4 new');
    expect(lines).toContain('12 accounts: 1 ERROR, 2 FAIL, 9 PASS; 6 failing findings, 4 new since the previous runs');
    const accountLines = lines.filter((line) => /^(ERROR|FAIL |PASS )/.test(line));
    expect(accountLines.map((line) => line.split(/\s+/)[1])).toEqual(['broken', 'prod', 'media', ...Array.from({ length: 9 }, (_, index) => `pass-${index + 1}`)]);
    expect(accountLines[1]).toMatch(/^FAIL\s+prod\s+prod customer\s+4 failing \(1 critical, 3 high\), 3 new$/);
    expect(accountLines[0]).toMatch(/^ERROR\s+broken\s+unknown customer\s+change unknown$/);
    expect(text).toContain('       what failed: Could not read the account: HTTP 401 Unauthorized\n       what to do: Create a new token');
    expect(text.trimEnd().endsWith(`Full digest: ${LOCATION}`)).toBe(true);
  });

  it('cuts a long list with "and N more" and where the full digest is', () => {
    const text = renderDigestText(twelve(), { maxAccounts: 2, digestLocation: LOCATION });

    expect(text).toContain(`... and 10 more; full report: ${LOCATION}`);
    expect(text).not.toContain('pass-1 ');
  });

  it('makes a hostile customer name and error inert for a terminal, an email and markdown', () => {
    const digest = digestOf([outcome('evil', { customer: { id: 'c1', name: HOSTILE_CUSTOMER }, severities: { high: 1 } }), errorOutcome('broken', `HTTP 500: ${HOSTILE_CUSTOMER}`, `do ${HOSTILE_CUSTOMER}`)]);

    for (const text of [renderDigestText(digest), renderDigestText(digest, { audience: 'email' })]) {
      expect(text).not.toMatch(CONTROL);
      expect(text.split('\n').filter((line) => line.includes('FORGED')).every((line) => /^(ERROR|FAIL )|^ {7}what/.test(line))).toBe(true);
      // What the values held stays visible, escaped: the name (cut in its column), the error and the action.
      expect(text).toMatch(/^FAIL {3}evil {5}HOSTILE Corp\\n# FORGED heading\\x1b\[2J\.\.\. /m);
      expect(text).toContain(`       what failed: HTTP 500: ${escapeTerminal(HOSTILE_CUSTOMER)}\n`);
      expect(text).toContain(`       what to do: do ${escapeTerminal(HOSTILE_CUSTOMER)}\n`);
    }
    const markdown = renderDigestMarkdown(digest);
    expect(markdown).not.toMatch(CONTROL);
    expect(markdown).not.toMatch(/^#+ .*FORGED/m);
    expect(markdown).not.toMatch(/(?<!\\)<script>/);
    expect(markdown).not.toMatch(/[^\\]\[click\]/);
    expect(markdown).toContain(`| ${escapeMarkdown(HOSTILE_CUSTOMER)} |`);
    expect(markdown).toContain(`- **broken**: HTTP 500: ${escapeMarkdown(HOSTILE_CUSTOMER)} What to do: do ${escapeMarkdown(HOSTILE_CUSTOMER)}\n`);
    // Every table row keeps its four cells: no pipe of the name ends one.
    const rows = markdown.split('\n').filter((line) => line.startsWith('| **'));
    expect(rows.map((row) => row.split(/(?<!\\)\|/).length)).toEqual([6, 6]);
  });
  it('escapes a start time from the event that holds more than a time (Date.parse skips a parenthesised comment)', () => {
    const startedAt = '2026-03-14 (\n# FORGED \u001b[2J)';
    const digest = { ...digestOf([outcome('prod')]), startedAt };

    for (const text of [renderDigestText(digest), renderDigestText(digest, { audience: 'email' })]) {
      expect(text).not.toMatch(CONTROL);
      expect(text).toContain(`started ${escapeTerminal(startedAt)}\n`);
    }
    expect(renderDigestMarkdown(digest)).toContain(`started ${escapeMarkdown(startedAt)}.`);
  });
});

describe('the digest for Slack', () => {
  it('is a Chatbot custom notification with every account, and hostile values inert', () => {
    const digest = digestOf([outcome('evil', { customer: { id: 'c1', name: HOSTILE_CUSTOMER }, severities: { high: 1 } }), outcome('fine')]);

    const chat = buildDigestChat(digest, { digestLocation: LOCATION, keywords: ['FAIL', 'high', 'fleet'] });

    expect(chat).toMatchObject({ version: '1.0', source: 'custom', id: 'fleet-run-1', content: { textType: 'client-markdown', keywords: ['FAIL', 'high', 'fleet'] } });
    expect(chat.content.title).toBe(':red_circle: Fastly fleet audit: 1 of 2 accounts failing (high)');
    const lines = chat.content.description.split('\n');
    expect(lines.filter((line) => line.startsWith(':'))).toHaveLength(2);
    expect(chat.content.description).not.toMatch(CONTROL);
    expect(chat.content.description).not.toMatch(/<!channel>|<script>|\*bold\*/);
    expect(chat.content.nextSteps).toEqual([`Full digest: ${LOCATION}`]);
  });

  it('keeps a hostile name, error and action from adding a line, a mention, a link, a code span or emphasis', () => {
    // Short enough that no cut (60 characters a name, 160 an error) hides what is under test.
    const hostile = 'Evil\n# Corp <!channel> *bold* _it_ ~x~ `x` \u001b[31m\u202e';
    const digest = digestOf([
      outcome('evil', { customer: { id: 'c1', name: hostile }, severities: { high: 1 } }),
      errorOutcome('broken', `HTTP 500: <https://evil.example|click> ${hostile}`, `do ${hostile}`),
    ]);

    const { content } = buildDigestChat(digest, { keywords: [] });

    const lines = [content.title, ...content.description.split('\n'), ...content.nextSteps];
    expect(lines.filter((line) => CONTROL.test(line))).toEqual([]);
    expect(lines.filter((line) => /[<>]|\*bold\*|(?<![\p{L}\p{N}])_it_|~x~/u.test(line))).toEqual([]);
    // Only the account names' code spans: every backtick of the data is gone.
    expect(lines.filter((line) => (line.match(/`/g) ?? []).length % 2 !== 0)).toEqual([]);
    expect(content.description).toContain(`:red_circle: \`evil\` ${escapeChat(hostile)}: *FAIL*`);
    expect(content.description).toContain(` - HTTP 500: ${escapeChat('<https://evil.example|click>')} ${escapeChat(hostile)}\n`);
    expect(content.nextSteps).toEqual([`broken: do ${escapeChat(hostile)}`]);
  });

  it('stops within 3,000 characters with "and N more" and where the full digest is', () => {
    const digest = digestOf(Array.from({ length: 1000 }, (_, index) => outcome(`account-${index}`, { customer: { id: `c${index}`, name: HOSTILE_CUSTOMER }, severities: { high: index % 4 } })));

    const { description } = buildDigestChat(digest, { digestLocation: LOCATION, keywords: [] }).content;

    expect(description.length).toBeLessThanOrEqual(3000);
    expect(description).toMatch(new RegExp(`\\nand \\d{3} more; full digest: ${LOCATION.replace(/[./]/g, '\\$&')}$`));
  });
});

describe('the digest notification', () => {
  it('has the subject, the three messages and the attributes status, severity and scope', () => {
    const notification = buildDigestNotification(twelve(), { digestLocation: LOCATION });
    const message = JSON.parse(notification.message) as Record<string, string>;
    const machine = JSON.parse(message.default ?? '{}') as Record<string, unknown>;

    expect(notification.subject).toBe('Fastly fleet audit: 2 of 12 accounts failing (critical), 1 error, 4 new');
    expect(notification.messageAttributes).toEqual({
      status: { DataType: 'String', StringValue: 'ERROR' },
      severity: { DataType: 'String', StringValue: 'critical' },
      scope: { DataType: 'String', StringValue: 'fleet' },
    });
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https']);
    expect(message.email).toContain('broken');
    expect(machine).toMatchObject({ scope: 'fleet', runId: 'fleet-run-1', status: 'ERROR', highestSeverity: 'critical', accountsNotListed: 0, digestLocation: LOCATION });
    expect((machine.accounts as { account: string }[]).map((entry) => entry.account).slice(0, 3)).toEqual(['broken', 'prod', 'media']);
    expect(buildDigestNotification(digestOf([outcome('a')])).messageAttributes.severity.StringValue).toBe('NONE');
  });

  it('stays under 256 KiB for a thousand accounts with long hostile names, cut with "and N more" and the digest\'s location', () => {
    const long = `${HOSTILE_CUSTOMER} ${'\u00e9\u4e2d'.repeat(200)}`;
    const outcomes = Array.from({ length: 1000 }, (_, index) =>
      index % 10 === 0
        ? errorOutcome(`account-${String(index).padStart(4, '0')}-${'x'.repeat(50)}`, `HTTP 503: ${long}`, `retry ${long}`)
        : outcome(`account-${String(index).padStart(4, '0')}-${'x'.repeat(50)}`, { customer: { id: `c${index}`, name: long }, severities: { high: index % 5 } }),
    );

    const notification = buildDigestNotification(digestOf(outcomes), { digestLocation: LOCATION });
    const message = JSON.parse(notification.message) as Record<string, string>;
    const machine = JSON.parse(message.default ?? '{}') as { accounts: unknown[]; accountsNotListed: number };

    expect(notificationBytes(notification)).toBeLessThan(SNS_MAX_PUBLISH_BYTES);
    expect(message.email).toMatch(/\.\.\. and [\d,]+ more; full report: s3:\/\/fastly-audit-reports\/digests\//);
    expect(message.email).toContain(`Full digest: ${LOCATION}`);
    expect(machine.accounts.length + machine.accountsNotListed).toBe(1000);
    expect(machine.accountsNotListed).toBe(1000);
    // The worst accounts come first in what is listed.
    expect(message.email?.split('\n').find((line) => /^(ERROR|FAIL |PASS )/.test(line))).toMatch(/^ERROR/);
  });

  it('cuts the email itself, saying so and where the full digest is, when even listing no account does not fit', () => {
    // Arrange: the least any notification of this digest takes (an email of the tail alone), and a limit just above it
    const floor = notificationBytes(buildDigestNotification(twelve(), { digestLocation: LOCATION, maxBytes: 0 }));
    const maxBytes = floor + 60;

    // Act
    const notification = buildDigestNotification(twelve(), { digestLocation: LOCATION, maxBytes });

    // Assert
    const { email } = JSON.parse(notification.message) as { email: string };
    expect(notificationBytes(notification)).toBeLessThanOrEqual(maxBytes);
    expect(email.startsWith('Fastly fleet audit: 2 of 12 accounts failing')).toBe(true);
    expect(email.endsWith(`\n... cut to fit one notification; full digest: ${LOCATION}\n`)).toBe(true);
  });

  it('lists a thousand accounts of ordinary names in the email, and cuts the machine summary first', () => {
    const notification = buildDigestNotification(
      digestOf(Array.from({ length: 1000 }, (_, index) => outcome(`account-${index}`, { customer: { id: `c${index}`, name: `Customer number ${index} GmbH` }, severities: { low: index % 2 } }))),
      { digestLocation: LOCATION },
    );
    const message = JSON.parse(notification.message) as Record<string, string>;
    const machine = JSON.parse(message.default ?? '{}') as { accounts: unknown[]; accountsNotListed: number };

    expect(notificationBytes(notification)).toBeLessThan(SNS_MAX_PUBLISH_BYTES);
    expect(message.email?.split('\n').filter((line) => /^(FAIL |PASS )/.test(line))).toHaveLength(1000);
    expect(machine.accounts.length + machine.accountsNotListed).toBe(1000);
  });
});
