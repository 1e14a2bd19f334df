/** account.force-sso: single sign-on is forced for the whole account. */
import { settingChanged } from '../../attribution/matchers.js';
import * as z from '../../zod.js';
import { checkSsoConfigured } from '../../remediation/guardrails.js';
import { defineRule } from '../define-rule.js';
import { setting } from '../setting.js';
import { flagOutcome } from './flag.js';
import { DOCS } from './references.js';

export const forceSsoRule = defineRule({
  id: 'account.force-sso',
  title: 'Single sign-on is forced for the account',
  severity: 'high',
  risk: "Without forced SSO users keep local Fastly passwords that escape the identity provider's MFA, password policy and offboarding.",
  remediation: {
    console:
      'Control panel (superuser): Account > Single sign-on, configure a SAML 2.0 identity provider, test it, then turn on Force SSO.',
    api: 'PUT /customer/{customer_id} with force_sso=true. Set ssoConfigured: true in the policy once the IdP works, so the auditor may apply it.',
    automatic: true,
  },
  references: [DOCS.sso, DOCS.customerApi],
  needs: ['customer'],
  attribution: settingChanged('force_sso'),
  settings: {
    ssoConfigured: setting(z.boolean(), {
      description: 'State that a SAML identity provider is configured and tested; the fix is refused until then.',
      default: false,
    }),
  },
  evaluate: ({ customer, settings }) => [
    flagOutcome(customer, 'force_sso', 'Single sign-on is not forced for the account', {
      ssoConfigured: settings.ssoConfigured,
    }),
  ],
  fix: {
    field: 'force_sso',
    target: () => true,
    guardrail: ({ settings }) => checkSsoConfigured(settings.ssoConfigured),
  },
});
