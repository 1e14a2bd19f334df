import { ACCESS_REVIEW_COLUMNS, renderAccessReviewCsv, renderAccessReviewCsvBytes } from '../../../lambda/report/csv.js';
import { escapeCsvCell } from '../../../lambda/report/escape.js';
import type { AccessReviewUser } from '../../../lambda/report/model.js';
import { parseCsv } from '../../helpers/csv-parse.js';

function row(overrides: Partial<AccessReviewUser> = {}): AccessReviewUser {
  return {
    id: 'u-1',
    login: 'alice@example.com',
    name: 'Alice Example',
    roles: ['superuser'],
    twoFactor: 'enabled',
    locked: false,
    lastActiveAt: '2026-11-30T08:00:00Z',
    createdAt: '2021-03-04T05:06:07Z',
    tokens: 2,
    failingRuleIds: [],
    ...overrides,
  };
}

function csvOf(users: AccessReviewUser[]): string {
  return renderAccessReviewCsv({ accessReview: { users } });
}

describe('renderAccessReviewCsv', () => {
  it('has a header row and one row per user with the design columns, CRLF line ends', () => {
    // Arrange
    const users = [
      row(),
      row({ id: 'u-2', login: 'bob@example.com', name: 'Bob', roles: ['engineer', 'tls_viewer'], twoFactor: 'unknown', locked: null, lastActiveAt: null, tokens: null, failingRuleIds: ['user.2fa-enabled', 'token.expiry'] }),
    ];

    // Act
    const csv = csvOf(users);

    // Assert
    expect(csv).toBe(
      'Login,Name,Roles,2FA,Locked,Last active,Created,API tokens,Failing rules\r\n' +
        'alice@example.com,Alice Example,superuser,enabled,no,2026-11-30T08:00:00Z,2021-03-04T05:06:07Z,2,\r\n' +
        'bob@example.com,Bob,engineer tls_viewer,unknown,unknown,,2021-03-04T05:06:07Z,not read,user.2fa-enabled token.expiry\r\n',
    );
    expect(parseCsv(csv)[0]).toEqual([...ACCESS_REVIEW_COLUMNS]);
  });

  it('quotes fields with a comma, a quote, a CR or an LF, doubling the quotes, and reads back to the same values', () => {
    const names = ['Doe, Jane', 'The "Boss"', 'two\r\nlines', 'lf\nonly', 'cr\ronly', 'plain'];
    const csv = csvOf(names.map((name, index) => row({ id: `u-${index}`, name })));

    expect(csv).toContain(',"Doe, Jane",');
    expect(csv).toContain(',"The ""Boss""",');
    expect(csv).toContain(',"two\r\nlines",');
    expect(csv).toContain(',plain,');
    const records = parseCsv(csv);
    expect(records).toHaveLength(names.length + 1);
    expect(records.slice(1).map((record) => record[1])).toEqual(names);
    expect(records.every((record) => record.length === ACCESS_REVIEW_COLUMNS.length)).toBe(true);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")'],
    ['+1+1'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\t=1'],
    ['\r=1'],
    ['  =1+1'],
    ['\uff1d1+1'],
  ])('neutralises a formula in a login or name: %j', (value) => {
    const csv = csvOf([row({ login: value, name: value })]);

    const [, record] = parseCsv(csv);

    expect(record?.[0]).toBe(`'${value}`);
    expect(record?.[1]).toBe(`'${value}`);
  });

  it('shows terminal escapes and bidirectional overrides escaped, as the other outputs do', () => {
    const csv = csvOf([row({ name: 'x\u001b[2J\u0007y\u202ez' })]);
    expect(parseCsv(csv)[1]?.[1]).toBe('x\\x1b[2J\\x07y\\u202ez');
    // eslint-disable-next-line no-control-regex
    expect(csv).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('is only the header when the users could not be read', () => {
    expect(renderAccessReviewCsv({})).toBe('Login,Name,Roles,2FA,Locked,Last active,Created,API tokens,Failing rules\r\n');
  });

  it('writes 100,000 users as 100,001 records', () => {
    const users = Array.from({ length: 100_000 }, (_, index) => row({ id: `u-${index}`, login: `user${index}@example.com` }));
    const csv = csvOf(users);
    expect(csv.split('\r\n')).toHaveLength(100_002);
    expect(csv.endsWith('user99999@example.com,Alice Example,superuser,enabled,no,2026-11-30T08:00:00Z,2021-03-04T05:06:07Z,2,\r\n')).toBe(true);
  });

  it('gives the archive the same text as UTF-8 bytes, rows far longer than its first guess and multi-byte names included', () => {
    // Arrange: one user whose name alone is many times the 128 bytes a row is guessed at
    const users = [row({ name: 'Zoë 名前 🔐 '.repeat(2_000) }), row({ id: 'u-2', login: 'bob@example.com', name: 'Bob, "the builder"' })];

    // Act
    const bytes = renderAccessReviewCsvBytes({ accessReview: { users } });

    // Assert
    const text = bytes.toString('utf8');
    expect(text).toBe(csvOf(users));
    expect(bytes.byteLength).toBe(Buffer.byteLength(text, 'utf8'));
    expect(parseCsv(text)[1]?.[1]).toBe('Zoë 名前 🔐 '.repeat(2_000));
    expect(parseCsv(text)[2]?.[1]).toBe('Bob, "the builder"');
  });
});

describe('escapeCsvCell', () => {
  it('leaves ordinary values, negative-looking dates and inner signs alone', () => {
    expect(escapeCsvCell('alice@example.com')).toBe('alice@example.com');
    expect(escapeCsvCell('a-b+c=d@e')).toBe('a-b+c=d@e');
    expect(escapeCsvCell('2026-11-30T08:00:00Z')).toBe('2026-11-30T08:00:00Z');
  });
});
