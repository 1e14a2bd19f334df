/**
 * The benchmark's peer: the same fetch the audit does (the customer, then its users) through the
 * official `fastly` client, pointed at a loopback base URL the way test/helpers/official-fastly.ts
 * does (every operation hard-codes https://api.fastly.com, so a superagent plugin moves it). The
 * benchmark bundles this file with the handler's esbuild options and imports the bundle.
 */
import { ApiClient, CustomerApi } from 'fastly';

export interface PeerAccount {
  customerId: string;
  users: number;
}

export async function fetchAccount(baseUrl: string, token: string): Promise<PeerAccount> {
  const base = baseUrl.replace(/\/+$/, '');
  const apiClient = new ApiClient();
  apiClient.plugins = [
    (request) => {
      const target = new URL(request.url);
      request.url = `${base}${target.pathname}${target.search}`;
    },
  ];
  const customers = new CustomerApi(apiClient);
  // After construction: the constructor authenticates with FASTLY_API_TOKEN when it is set.
  apiClient.authenticate(token);
  const customer = await customers.getLoggedInCustomer();
  const customerId = String(customer.id);
  const users = await customers.listUsers({ customer_id: customerId });
  return { customerId, users: users.length };
}
