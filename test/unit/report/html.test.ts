import { renderHtml } from '../../../lambda/report/html/page.js';
import { link } from '../../../lambda/report/html/markup.js';
import { CONTENT_SECURITY_POLICY, STYLE, STYLE_HASH } from '../../../lambda/report/html/styles.js';
import { createHash } from 'node:crypto';
import type { AccessReviewUser, Report } from '../../../lambda/report/model.js';
import { activeContent, foreignMarkup, htmlProblems, pageElements, shapeOf } from '../../helpers/html-check.js';
import { makeFinding, makeReport, sampleChanges, withCompliance, withFindingsFixed } from '../../helpers/report-fixtures.js';

function user(index: number, overrides: Partial<AccessReviewUser> = {}): AccessReviewUser {
  return {
    id: `user-${index}`,
    login: `user${index}@example.com`,
    name: `User ${index}`,
    roles: ['engineer'],
    twoFactor: index % 2 === 0 ? 'enabled' : 'disabled',
    locked: false,
    lastActiveAt: '2026-03-01T10:00:00Z',
    createdAt: '2021-03-04T05:06:07Z',
    tokens: 1,
    failingRuleIds: index % 2 === 0 ? [] : ['user.2fa-enabled'],
    ...overrides,
  };
}

/** Every section filled: compliance, users and tokens, a fix, plans, an unchecked rule, attribution, delta, errors and warnings. */
function fullReport(text: (plain: string) => string = (plain) => plain): Report {
  const base = withFindingsFixed(makeReport({ failingUsers: 3, changes: sampleChanges() }), ['account.force-2fa']);
  const attributed = base.findings.map((finding) =>
    finding.ruleId === 'user.2fa-enabled' && finding.status === 'FAIL'
      ? {
          ...finding,
          subject: { ...finding.subject, name: text(finding.subject.name) },
          message: text(finding.message),
          attribution: { eventId: 'e1', eventType: 'two_factor_auth.disable', at: '2026-03-10T09:00:00Z', actor: { id: 'u9', login: text('mallory@example.com') }, ip: text('192.0.2.7'), admin: false, description: text('2FA off') },
        }
      : finding,
  );
  const unchecked = makeFinding({ ruleId: 'token.expiry', severity: 'high', status: 'ERROR', subject: { type: 'account', id: base.customer.id, name: text(base.customer.name) }, message: text('Not evaluated: the tokens could not be read (HTTP 403).') });
  const report: Report = {
    ...base,
    status: 'ERROR',
    customer: { id: base.customer.id, name: text(base.customer.name) },
    findings: [...attributed, unchecked],
    remediation: { mode: 'plan', changes: sampleChanges() },
    errors: [{ message: text('HTTP 403 Forbidden'), status: 403, operation: 'list_customer_tokens', action: 'Use a superuser token.' }],
    warnings: [{ message: text('Could not read the audit log'), operation: 'list_events' }],
    delta: { new: [attributed[attributed.length - 1]!.id, 'gone-id'], resolved: ['old-id'], unchanged: [], previousStatus: 'FAIL' },
    accessReview: {
      users: [0, 1, 2].map((index) => user(index, { login: text(`user${index}@example.com`), name: text(`User ${index}`), roles: [text('engineer')] })),
      tokens: [
        { id: 't1', name: text('deploy'), kind: 'user', owner: text('user1@example.com'), scopes: [text('global')], createdAt: '2025-01-01T00:00:00Z', expiresAt: null, lastUsedAt: null, failingRuleIds: ['token.expiry'] },
      ],
    },
  };
  return withCompliance(report);
}

describe('renderHtml', () => {
  it('is a valid HTML page under a strict html-validate configuration', async () => {
    const page = renderHtml(fullReport());

    expect(await htmlProblems(page)).toEqual([]);
  });

  it('loads and runs nothing: no script, no handler, no style attribute, only https links opened without referrer', async () => {
    const page = renderHtml(fullReport());

    const elements = await pageElements(page);

    expect(activeContent(elements)).toEqual([]);
    expect(elements.filter((element) => element.tagName === 'a' && element.attributes.href?.startsWith('https://')).length).toBeGreaterThan(0);
  });

  it('declares a Content-Security-Policy that allows no script, no load, and only its own style sheet (by hash)', async () => {
    const elements = await pageElements(renderHtml(fullReport()));

    const csp = elements.find((element) => element.attributes['http-equiv'] === 'Content-Security-Policy')?.attributes.content;
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval|https?:/);
    expect(STYLE_HASH).toBe(`sha256-${createHash('sha256').update(STYLE).digest('base64')}`);
    expect(renderHtml(fullReport())).toContain(`<style>${STYLE}</style>`);
  });

  it('is readable on a phone and printable: viewport, sideways-scrolling tables, print rules', () => {
    const page = renderHtml(fullReport());

    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(STYLE).toContain('@media print');
    expect(STYLE).toMatch(/\.scroll \{ overflow-x: auto;/);
    expect(page.match(/<table/g)?.length).toBe(page.match(/<div class="scroll"><table/g)?.length);
  });

  it('shows the status, the chart of failing findings by severity, and every section of the report', () => {
    const report = fullReport();
    const page = renderHtml(report);

    expect(page).toContain('<span class="badge s-ERROR">ERROR</span>');
    const { critical, high, medium, low } = report.summary.bySeverity;
    expect(high).toBeGreaterThan(0);
    expect(page).toMatch(new RegExp(`<svg class="chart" [^>]*role="img" aria-label="Failing findings by severity: ${critical} critical, ${high} high, ${medium} medium, ${low} low">`));
    for (const id of ['summary', 'findings', 'not-checked', 'fixed', 'muted', 'compliance', 'users', 'tokens', 'remediation', 'delta', 'errors', 'warnings', 'rules']) {
      expect([id, page.includes(`<section id="${id}">`)]).toEqual([id, true]);
    }
    expect(page).toContain('Fix in the control panel:');
    expect(page).toContain('<span class="label">Fix by API:</span> <code>PUT /customer/{id} force_2fa=true (account.force-2fa)</code>');
    expect(page).toContain('<a href="https://docs.fastly.com/en/guides/managing-2fa" rel="noopener noreferrer">Fastly: Managing 2FA</a>');
    expect(page).toContain('changed by mallory@example.com at 2026-03-10T09:00:00Z from 192.0.2.7 (two_factor_auth.disable)');
    expect(page).toContain('<td>force_2fa</td><td>false</td><td>true</td>');
    expect(page).toContain('Previous status <span class="badge s-FAIL">FAIL</span>: 2 new, 1 resolved, 0 unchanged.');
    expect(page).toContain('<td>8.4.2</td><td><span class="badge s-FAIL">not met</span></td>');
    expect(page).toContain('<td>user1@example.com</td><td>User 1</td><td>engineer</td><td><strong>disabled</strong></td><td>no</td><td>2026-03-01</td><td>2021-03-04</td><td>1</td><td><code>user.2fa-enabled</code></td>');
    expect(page).toContain('HTTP 403 Forbidden<br><span class="label">What to do:</span> Use a superuser token.');
  });

  it('cuts the users and tokens at maxAccessRows, saying how many more and where they are', () => {
    const report = { ...fullReport(), accessReview: { users: Array.from({ length: 10 }, (_, index) => user(index)), truncatedUsers: 90 } };

    const page = renderHtml(report, { maxAccessRows: 4, fullListAt: 'the CSV beside this report (run-0001.csv)' });

    expect(page).toContain('<h2>Users (100)</h2>');
    expect(page.match(/<td>user\d@example\.com<\/td>/g)).toHaveLength(4);
    expect(page).toContain('and 96 more users: see the CSV beside this report (run-0001.csv).');
  });

  it('says a rule\'s findings were cut from an archived report', () => {
    const report = makeReport({ failingUsers: 2 });
    const rules = report.rules.map((rule) => (rule.ruleId === 'user.2fa-enabled' ? { ...rule, truncated: 5_000, truncatedFailingIds: [] } : rule));

    expect(renderHtml({ ...report, rules })).toContain('and 5,000 more of this rule\'s findings, not listed in the archived report');
  });

  it('says when the users could not be read, and shows no tokens section when tokens were not read', () => {
    const page = renderHtml(makeReport());

    expect(page).toContain('<p>The users could not be read: see Errors.</p>');
    expect(page).not.toContain('<section id="tokens">');
  });
});

describe('hostile API data in the page', () => {
  const HOSTILE = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    'javascript:alert(1)',
    '</td></tr></table><iframe src="https://evil.example/"></iframe>',
    'line\nbreak\r\n<h1>FORGED</h1>',
    '\u001b[2J\u001b]0;FORGED\u0007',
    '\u202eRTL override',
    '<!-- comment --><style>body{display:none}</style>',
    '&amp; &lt;entity&gt;',
  ].join(' ');
  const hostile = (plain: string) => `${plain} ${HOSTILE}`;

  it('keeps the page valid and its structure exactly that of the same report with friendly values', async () => {
    const friendly = renderHtml(fullReport((plain) => `${plain} friendly`));
    const page = renderHtml(fullReport(hostile));

    expect(await htmlProblems(page)).toEqual([]);
    expect(shapeOf(await pageElements(page))).toEqual(shapeOf(await pageElements(friendly)));
    expect(activeContent(await pageElements(page))).toEqual([]);
    expect(foreignMarkup(await pageElements(page))).toEqual([]);
  });

  it('shows what the values held, escaped, control characters made visible', () => {
    const page = renderHtml(fullReport(hostile));

    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&#39;&gt;&lt;svg onload=alert(1)&gt;');
    expect(page).toContain('line\\nbreak\\r\\n&lt;h1&gt;FORGED&lt;/h1&gt;');
    expect(page).toContain('\\x1b[2J\\x1b]0;FORGED\\x07');
    expect(page).toContain('\\u202eRTL override');
    expect(page).toContain('&amp;amp; &amp;lt;entity&amp;gt;');
    // eslint-disable-next-line no-control-regex
    expect(page).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('never links a URL that is not http(s): javascript:, data: and relative references are shown as text', async () => {
    const references = [
      { title: 'evil', url: 'javascript:alert(1)' },
      { title: 'data', url: 'data:text/html,<script>alert(1)</script>' },
      { title: 'relative', url: '/etc/passwd' },
      { title: 'spaced', url: ' JavaScript:alert(1)' },
      { title: 'fine', url: 'https://docs.fastly.com/en/guides/managing-2fa' },
    ];
    const report = makeReport();
    const page = renderHtml({ ...report, findings: report.findings.map((finding) => ({ ...finding, references })) });

    const links = (await pageElements(page)).filter((element) => element.tagName === 'a' && !element.attributes.href?.startsWith('#'));
    expect(new Set(links.map((element) => element.attributes.href))).toEqual(new Set(['https://docs.fastly.com/en/guides/managing-2fa']));
    expect(page).toContain('evil (javascript:alert(1))');
    expect(page).toContain('data (data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)');
  });

  it('link() escapes the URL it accepts', () => {
    expect(link('https://docs.fastly.com/a?b="c"&d=<e>', 'x').markup).toBe('<a href="https://docs.fastly.com/a?b=%22c%22&amp;d=%3Ce%3E" rel="noopener noreferrer">x</a>');
  });
});
