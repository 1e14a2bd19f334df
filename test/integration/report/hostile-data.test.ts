/**
 * API data is hostile until escaped: an account whose name, logins, token names, invitation
 * emails, audit-log events (actor, address, description) and error bodies hold line breaks,
 * terminal escapes (clear screen, an OSC window title, BEL), markdown headings, HTML, a
 * javascript: link, backticks, emphasis, Slack mentions and pipes is audited through the real
 * client against the simulator, and every human rendering (terminal text with and without
 * colour, markdown, the email, Slack, the subject) is checked: no value adds a line, a heading, a
 * tag, a link or a terminal sequence, and what it held stays visible.
 */
import { runAudit } from '../../../lambda/audit.js';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { renderMarkdown } from '../../../lambda/report/markdown.js';
import type { Report } from '../../../lambda/report/model.js';
import { buildNotification } from '../../../lambda/report/notification.js';
import { renderText } from '../../../lambda/report/text.js';
import { startSimulator, type Simulator } from '../../../simulator/index.js';
import {
  ACTOR_ID,
  ACTOR_IP,
  AUDIT_POLICY,
  AUTOMATION_TOKEN_NAME,
  DESCRIPTION,
  ERROR_BODY,
  hostileSeed,
  INVITATION_EMAIL,
  TOKEN_NAME,
} from '../../helpers/hostile-account.js';

const TOKEN = 'hostile-data-token-0123456789';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[\d+m/g;

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

  it('in token names, invitation emails and the audit log stay inside their values, the attribution line included', async () => {
    const report = await audit();

    const outputs = renderings(report);

    // The hostile values were judged and attributed, so they did reach the renderers.
    const failing = (type: string) => report.findings.filter((f) => f.status === 'FAIL' && f.subject.type === type).map((f) => f.subject.name);
    expect(failing('token')).toEqual(expect.arrayContaining([TOKEN_NAME, AUTOMATION_TOKEN_NAME]));
    expect(failing('invitation')).toContain(INVITATION_EMAIL);
    expect(report.findings.find((f) => f.ruleId === 'account.force-2fa')?.attribution).toMatchObject({
      eventType: 'customer.update',
      actor: { id: ACTOR_ID, login: null },
      ip: ACTOR_IP,
      description: DESCRIPTION,
    });
    expectInert(outputs);
    expect(outputs.text).toContain('token HOSTILE-token\\n# FORGED token\\x1b[2J\\x1b]0;FORGED-title\\x07 <img');
    expect(outputs.text).toContain('token HOSTILE-automation\\r\\n## FORGED automation <script>');
    expect(outputs.text).toContain('invitation HOSTILE-invite@evil.example\\r\\n## FORGED invite\\x07<script>');
    expect(outputs.text).toMatch(/ {6}changed by HOSTILE-ghost\\n# FORGED actor <b>x<\/b> \*bold\* <!channel> at \S+ from HOSTILE 203\.0\.113\.45\\r\\n## FORGED ip\\x1b\]0;FORGED\\x07 \(customer\.update\)$/m);
    expect(outputs.email).toContain('changed by HOSTILE-ghost\\n# FORGED actor <b>x</b>');
    expect(outputs.markdown).toContain('token HOSTILE-token\\\\n\\# FORGED token\\\\x1b\\[2J');
    expect(outputs.markdown).toContain('invitation HOSTILE-invite@evil.example\\\\r\\\\n\\#\\# FORGED invite\\\\x07\\<script>');
    expect(outputs.markdown).toContain('changed by HOSTILE-ghost\\\\n\\# FORGED actor \\<b>x\\</b> \\*bold\\* \\<!channel>');
    // Slack lists no finding by name once the long values make it cut its lists: render the attributed findings alone.
    const attributedOnly = renderings({ ...report, findings: report.findings.filter((f) => f.attribution) });
    expectInert(attributedOnly);
    expect(attributedOnly['Slack description']).toContain('changed by HOSTILE-ghost\\n# FORGED actor \u2039b\u203ax\u2039/b\u203a \u2217bold\u2217 \u2039!channel\u203a');
    // The event's description is kept in JSON only; no rendering shows it.
    expect(Object.values(outputs).some((text) => text.includes('FORGED description'))).toBe(false);
  });

  it('in error bodies of the token and audit-log reads stay inside Not checked, the errors and the warnings', async () => {
    sim.setFault('list_customer_tokens', { status: 403, body: ERROR_BODY });
    sim.setFault('list_events', { status: 403, body: ERROR_BODY });
    try {
      const report = await audit();

      const outputs = renderings(report);

      expect(report.status).toBe('ERROR');
      expect(report.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('HOSTILE denied\n## FORGED error')]);
      expectInert(outputs);
      const section = (heading: string) => (outputs.text ?? '').split('\n\n').find((part) => part.startsWith(heading)) ?? '';
      expect(section('Not checked')).toMatch(/- token\.expiry \(\w+\): .*HOSTILE denied\\n## FORGED error\\x1b\[31m/);
      expect(section('Not checked')).toMatch(/\n {2}what to do about (token\.\w+, ){2}token\.\w+: /);
      expect(section('Warnings')).toContain('list_events (403): Could not read the audit log: ');
      expect(section('Warnings')).toContain('HOSTILE denied\\n## FORGED error\\x1b[31m');
      expect(outputs.markdown).toMatch(/## Warnings\n\n- list_events \(403\): .*HOSTILE denied\\\\n\\#\\# FORGED error\\\\x1b\\\[31m/);
    } finally {
      sim.setFault('list_customer_tokens', null);
      sim.setFault('list_events', null);
    }
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
