/**
 * API data is hostile until escaped: an account whose name, logins and error bodies hold line
 * breaks, terminal escapes (clear screen, an OSC window title, BEL), markdown headings, HTML, a
 * javascript: link, backticks and pipes is audited through the real client against the
 * simulator, and every human rendering (terminal text with and without colour, markdown, the
 * email, Slack, the subject) is checked: no value adds a line, a heading, a tag, a link or a
 * terminal sequence, and what it held stays visible.
 */
import { runAudit } from '../../../lambda/audit.js';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { renderMarkdown } from '../../../lambda/report/markdown.js';
import type { Report } from '../../../lambda/report/model.js';
import { buildNotification } from '../../../lambda/report/notification.js';
import { renderText } from '../../../lambda/report/text.js';
import { demoSeed, startSimulator, type Simulator } from '../../../simulator/index.js';
import { policy } from '../../helpers/policy-fixtures.js';

const TOKEN = 'hostile-data-token-0123456789';
/** Every hostile value starts with HOSTILE and carries FORGED after something that would start a new line or block. */
const CUSTOMER_NAME =
  'HOSTILE Corp\n# FORGED heading\u001b[2J\u001b]0;FORGED-title\u0007 <script>alert(1)</script> [click](javascript:alert(1)) `tick` | pipe |';
const LOGINS = [
  'HOSTILE-mallory@evil.example\r\n## FORGED user\u0007',
  'HOSTILE-<img src=x onerror=alert(1)>@evil.example',
  'HOSTILE-*bold*_it_`x`<!channel>@evil.example\u202eFORGED',
];
const ERROR_BODY = JSON.stringify({ msg: 'HOSTILE denied\n## FORGED error\u001b[31m', detail: '<b>FORGED</b>\n- FORGED item' });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[\d+m/g;

const AUDIT_POLICY = policy({
  rules: {
    'account.force-2fa': { remediate: 'auto', maxUsersLoggedOut: 0 },
    'user.email-domain': { allowedDomains: ['acme.example'] },
  },
});

function hostileSeed() {
  const seed = demoSeed();
  const users = seed.users.map((user, index) =>
    index < LOGINS.length ? { ...user, login: LOGINS[index], two_factor_auth_enabled: false } : user,
  );
  return { customer: { ...seed.customer, name: CUSTOMER_NAME }, users };
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ token: TOKEN, seed: hostileSeed() });
});
afterAll(() => sim.stop());

async function audit(): Promise<Report> {
  const api = createFastlyClient({ token: TOKEN, baseUrl: sim.url, retry: { limit: 0 } });
  return runAudit({ api, policy: AUDIT_POLICY, runId: 'hostile-run' });
}

/** Every text a person reads, by name. */
function renderings(report: Report): Record<string, string> {
  const notification = buildNotification(report);
  const message = JSON.parse(notification.message) as { email: string; https: string };
  const chat = JSON.parse(message.https) as { content: { title: string; description: string; nextSteps: string[] } };
  return {
    text: renderText(report),
    'text in colour': renderText(report, { color: true }).replace(SGR, ''),
    markdown: renderMarkdown(report),
    email: message.email,
    'Slack title': chat.content.title,
    'Slack description': chat.content.description,
    'Slack next steps': chat.content.nextSteps.join('\n'),
    subject: notification.subject,
  };
}

/** The lines, across all renderings, where FORGED text starts a line or a block instead of staying inside its value. */
function forgedLines(outputs: Record<string, string>): string[] {
  return Object.entries(outputs).flatMap(([name, text]) =>
    text
      .split('\n')
      .filter((line) => line.includes('FORGED') && !line.includes('HOSTILE'))
      .map((line) => `${name}: ${line}`),
  );
}

function expectInert(outputs: Record<string, string>): void {
  for (const [name, text] of Object.entries(outputs)) {
    expect([name, CONTROL.exec(text)?.[0]]).toEqual([name, undefined]);
  }
  expect(forgedLines(outputs)).toEqual([]);
  // Markdown: no tag, link, heading or code span that the data opened.
  const { markdown } = outputs;
  expect(markdown).not.toMatch(/(^|[^\\])<(script|img|b)\b/m);
  expect(markdown).not.toMatch(/(^|[^\\])\[click\]\(/m);
  expect(markdown).not.toMatch(/^\s*#+\s*FORGED/m);
  expect(markdown).not.toMatch(/(^|[^\\])`tick/m);
  // Slack: no mention, link, code span or emphasis that the data opened.
  const slack = `${outputs['Slack title']}\n${outputs['Slack description']}\n${outputs['Slack next steps']}`;
  expect(slack).not.toMatch(/[<>]/);
  expect(slack).not.toContain('*bold*');
  expect(slack.split('\n').filter((line) => (line.match(/`/g) ?? []).length % 2 !== 0)).toEqual([]);
}

describe('hostile customer names and logins', () => {
  it('stay inside their values in every rendering, with what they held shown escaped', async () => {
    const report = await audit();

    const outputs = renderings(report);

    expect(report.status).toBe('FAIL');
    expectInert(outputs);
    expect(outputs.text).toContain('HOSTILE Corp\\n# FORGED heading\\x1b[2J\\x1b]0;FORGED-title\\x07');
    expect(outputs.text).toContain('HOSTILE-mallory@evil.example\\r\\n## FORGED user\\x07');
    expect(outputs.markdown).toContain('# Fastly audit: HOSTILE Corp\\\\n\\# FORGED heading\\\\x1b\\[2J');
    expect(outputs.markdown).toContain('\\<script>alert(1)\\</script> \\[click\\](javascript:alert(1)) \\`tick\\` \\| pipe \\|');
    // The logins force_2fa would log out are listed in the remediation details, escaped there too.
    expect(outputs.text).toMatch(/wouldBeLoggedOut: HOSTILE-mallory@evil\.example\\r\\n## FORGED user\\x07, /);
  });

  it('in error bodies stay inside the error message', async () => {
    sim.setFault('list_users', { status: 403, body: ERROR_BODY });
    try {
      const report = await audit();

      const outputs = renderings(report);

      expect(report.status).toBe('ERROR');
      expectInert(outputs);
      expect(outputs.text).toContain('HOSTILE denied\\n## FORGED error\\x1b[31m');
    } finally {
      sim.setFault('list_users', null);
    }
  });
});
