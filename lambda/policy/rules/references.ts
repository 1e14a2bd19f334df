/** Fastly documentation the rules cite; each URL was checked against Fastly's published docs. */
export const DOCS = {
  administering2fa: {
    title: 'Fastly: Administering two-factor authentication',
    url: 'https://www.fastly.com/documentation/guides/organizations-and-accounts/account-members-and-permissions/administering-two-factor-authentication/',
  },
  managing2fa: {
    title: 'Fastly: Managing two-factor authentication',
    url: 'https://docs.fastly.com/en/guides/managing-two-factor-authentication',
  },
  sso: {
    title: 'Fastly: Setting up single sign-on (SSO)',
    url: 'https://www.fastly.com/documentation/guides/account-info/user-and-account-management/setting-up-single-sign-on-sso/',
  },
  ipAllowlist: {
    title: 'Fastly: Enabling an IP allowlist for account logins through the web interface',
    url: 'https://www.fastly.com/documentation/guides/account-info/user-and-account-management/enabling-an-ip-allowlist-for-account-logins-through-the-web-interface/',
  },
  companyProfile: {
    title: 'Fastly: Changing company profile details',
    url: 'https://docs.fastly.com/en/guides/changing-company-profile-details',
  },
  userRoles: {
    title: 'Fastly: About user roles and permissions',
    url: 'https://www.fastly.com/documentation/guides/organizations-and-accounts/account-members-and-permissions/about-user-roles-and-permissions/',
  },
  managingUsers: {
    title: 'Fastly: Adding and deleting user accounts',
    url: 'https://docs.fastly.com/en/guides/adding-and-deleting-user-accounts',
  },
  pci: {
    title: 'Fastly: PCI-Compliant Caching and Delivery',
    url: 'https://docs.fastly.com/products/pci-compliant-caching-and-delivery',
  },
  berespPci: {
    title: 'Fastly VCL reference: beresp.pci',
    url: 'https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-pci/',
  },
  customerApi: {
    title: 'Fastly API reference: Customer',
    url: 'https://www.fastly.com/documentation/reference/api/account/customer/',
  },
  userApi: {
    title: 'Fastly API reference: User',
    url: 'https://www.fastly.com/documentation/reference/api/account/user/',
  },
  contactApi: {
    title: 'Fastly API reference: Customer Contact',
    url: 'https://www.fastly.com/documentation/reference/api/account/contact/',
  },
  personalTokens: {
    title: 'Fastly: Managing personal API tokens',
    url: 'https://www.fastly.com/documentation/guides/organizations-and-accounts/personal-user-profiles/managing-your-personal-api-tokens/',
  },
  automationTokens: {
    title: 'Fastly: Managing account-level API tokens (automation tokens)',
    url: 'https://www.fastly.com/documentation/guides/organizations-and-accounts/account-members-and-permissions/managing-account-level-api-tokens/',
  },
  userTokenApi: {
    title: 'Fastly API reference: User tokens',
    url: 'https://www.fastly.com/documentation/reference/api/auth-tokens/user/',
  },
  automationTokenApi: {
    title: 'Fastly API reference: Automation tokens',
    url: 'https://www.fastly.com/documentation/reference/api/auth-tokens/automation/',
  },
  invitationApi: {
    title: 'Fastly API reference: Invitations',
    url: 'https://www.fastly.com/documentation/reference/api/account/invitations/',
  },
} as const satisfies Record<string, { title: string; url: string }>;
