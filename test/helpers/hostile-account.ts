/**
 * An account whose every value from the API is hostile: the demo account dated as of today, with
 * a customer name, logins, token names, invitation emails, an audit-log event and an error body
 * holding line breaks, terminal escapes (clear screen, an OSC window title, BEL), markdown
 * headings, HTML, a javascript: link, backticks, emphasis, Slack mentions and pipes. Each value
 * starts with HOSTILE and carries FORGED after what would start a new line or block.
 */
import { BROWSER_SESSION_NAME } from '../../lambda/policy/token-facts.js';
import { demoSeed, type SimulatorSeed } from '../../simulator/index.js';
import { policy } from './policy-fixtures.js';

/** Every hostile value starts with HOSTILE and carries FORGED after something that would start a new line or block. */
export const CUSTOMER_NAME =
  'HOSTILE Corp\n# FORGED heading\u001b[2J\u001b]0;FORGED-title\u0007 <script>alert(1)</script> [click](javascript:alert(1)) `tick` | pipe |';
export const LOGINS = [
  'HOSTILE-mallory@evil.example\r\n## FORGED user\u0007',
  'HOSTILE-<img src=x onerror=alert(1)>@evil.example',
  'HOSTILE-*bold*_it_`x`<!channel>@evil.example\u202eFORGED',
];
export const TOKEN_NAME = 'HOSTILE-token\n# FORGED token\u001b[2J\u001b]0;FORGED-title\u0007 <img src=x onerror=alert(1)> [click](javascript:alert(1)) *bold* <!channel> `tick` | pipe |';
export const AUTOMATION_TOKEN_NAME = 'HOSTILE-automation\r\n## FORGED automation <script>alert(1)</script>';
export const INVITATION_EMAIL = 'HOSTILE-invite@evil.example\r\n## FORGED invite\u0007<script>alert(1)</script> *bold* <!here>';
/** The customer.update that turned force_2fa off, made by a user no longer listed (so its id is shown), from a hostile address. */
export const ACTOR_ID = 'HOSTILE-ghost\n# FORGED actor <b>x</b> *bold* <!channel>';
export const ACTOR_IP = 'HOSTILE 203.0.113.45\r\n## FORGED ip\u001b]0;FORGED\u0007';
export const DESCRIPTION = 'HOSTILE <script>alert(1)</script>\n# FORGED description';
export const ERROR_BODY = JSON.stringify({ msg: 'HOSTILE denied\n## FORGED error\u001b[31m', detail: '<b>FORGED</b>\n- FORGED item' });

export const AUDIT_POLICY = policy({
  rules: {
    'account.force-2fa': { remediate: 'auto', maxUsersLoggedOut: 0 },
    'user.email-domain': { allowedDomains: ['acme.example'] },
  },
});

/** The demo account dated as of today (the audit log's window is the last 30 days), every value hostile. */
export function hostileSeed(): SimulatorSeed {
  const seed = demoSeed({ asOf: new Date() });
  const users = seed.users.map((user, index) =>
    index < LOGINS.length ? { ...user, login: LOGINS[index], two_factor_auth_enabled: false } : user,
  );
  // Console sessions keep their name: it is what marks them as sessions rather than API tokens.
  const tokens = seed.tokens?.map((token) => (token.name === BROWSER_SESSION_NAME ? token : { ...token, name: TOKEN_NAME }));
  const automationTokens = seed.automationTokens?.map((token) => ({ ...token, name: AUTOMATION_TOKEN_NAME }));
  const invitations = seed.invitations?.map((invitation) => ({
    ...invitation,
    attributes: { ...(invitation.attributes as Record<string, unknown>), email: INVITATION_EMAIL },
  }));
  const events = seed.events?.map((event) => {
    const attributes = event.attributes as Record<string, unknown>;
    const turnedOff2fa = attributes.event_type === 'customer.update' && JSON.stringify(attributes.metadata).includes('"force_2fa":false');
    return turnedOff2fa ? { ...event, attributes: { ...attributes, user_id: ACTOR_ID, ip: ACTOR_IP, description: DESCRIPTION } } : event;
  });
  return { customer: { ...seed.customer, name: CUSTOMER_NAME }, users, tokens, automationTokens, invitations, events };
}
