/**
 * The HTML page and the CSV of an account whose every value from the API is hostile (customer
 * name, logins, token names, invitation emails, an audit-log event: HTML and script, event
 * handlers, javascript: links, line breaks, terminal escapes, bidirectional overrides), audited
 * through the real client against the simulator: the page stays valid to a strict validator,
 * holds only the markup its renderer writes, loads and runs nothing, and shows what the values
 * held as text; the CSV reads back to one record per user, no value a formula.
 */
import { runAudit } from '../../../lambda/audit.js';
import { createFastlyClient } from '../../../lambda/fastly/client.js';
import { renderAccessReviewCsv } from '../../../lambda/report/csv.js';
import { escapeHtml } from '../../../lambda/report/escape.js';
import { renderHtml } from '../../../lambda/report/html/page.js';
import type { Report } from '../../../lambda/report/model.js';
import { startSimulator, type Simulator } from '../../../simulator/index.js';
import { parseCsv } from '../../helpers/csv-parse.js';
import { ACTOR_ID, ACTOR_IP, AUDIT_POLICY, AUTOMATION_TOKEN_NAME, CUSTOMER_NAME, DESCRIPTION, hostileSeed, LOGINS, TOKEN_NAME } from '../../helpers/hostile-account.js';
import { activeContent, foreignMarkup, htmlProblems, pageElements } from '../../helpers/html-check.js';

const TOKEN = 'hostile-html-token-0123456789';

let sim: Simulator;
let report: Report;
beforeAll(async () => {
  sim = await startSimulator({ token: TOKEN, seed: hostileSeed() });
  const api = createFastlyClient({ token: TOKEN, baseUrl: sim.url, retry: { limit: 0 } });
  report = await runAudit({ api, policy: AUDIT_POLICY, runId: 'hostile-html' });
});
afterAll(() => sim.stop());

describe('the HTML page of a hostile account', () => {
  it('is valid to a strict html-validate configuration', async () => {
    expect(await htmlProblems(renderHtml(report))).toEqual([]);
  });

  it('holds only the elements and attributes the renderer writes, and nothing that loads or runs', async () => {
    const elements = await pageElements(renderHtml(report));

    expect(foreignMarkup(elements)).toEqual([]);
    expect(activeContent(elements)).toEqual([]);
    expect(elements.filter((element) => element.tagName === 'script')).toEqual([]);
  });

  it('shows every hostile value as text, where it belongs', () => {
    const page = renderHtml(report);

    for (const value of [CUSTOMER_NAME, ...LOGINS, TOKEN_NAME, AUTOMATION_TOKEN_NAME, ACTOR_ID, ACTOR_IP]) {
      expect([value, page.includes(escapeHtml(value))]).toEqual([value, true]);
    }
    // The audit-log description is not shown; the change's actor and address are, in the finding's "changed by" line.
    expect(page).not.toContain(escapeHtml(DESCRIPTION));
    expect(page).toContain(`changed by ${escapeHtml(ACTOR_ID)}`);
    expect(page).toContain(`<td>${escapeHtml(LOGINS[1]!)}</td>`);
  });

  it('writes the hostile customer name into the title only as text, cut to 70 characters', async () => {
    const elements = await pageElements(renderHtml(report));
    expect(elements.filter((element) => element.tagName === 'title')).toHaveLength(1);
    expect(renderHtml(report)).toMatch(/<title>Fastly audit: HOSTILE Corp\\n# FORGED heading\\x1b\[2J[^<]{0,40} - FAIL<\/title>/);
  });
});

describe('the CSV of a hostile account', () => {
  it('reads back to a header and one nine-field record per user, each login as the API had it (controls shown escaped)', () => {
    const csv = renderAccessReviewCsv(report);

    const [header, ...rows] = parseCsv(csv);
    expect(header).toHaveLength(9);
    expect(rows).toHaveLength(report.summary.usersChecked);
    expect(rows.every((row) => row.length === 9)).toBe(true);
    expect(rows.slice(0, 3).map((row) => row[0])).toEqual([
      'HOSTILE-mallory@evil.example\r\n## FORGED user\\x07',
      'HOSTILE-<img src=x onerror=alert(1)>@evil.example',
      'HOSTILE-*bold*_it_`x`<!channel>@evil.example\\u202eFORGED',
    ]);
    // eslint-disable-next-line no-control-regex
    expect(csv).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});
