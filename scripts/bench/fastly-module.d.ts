/**
 * The few parts of the official `fastly` package (CommonJS, no types) the peer entry uses.
 */
declare module 'fastly' {
  export interface SuperagentRequest {
    url: string;
  }
  export class ApiClient {
    plugins: ((request: SuperagentRequest) => void)[] | null;
    authenticate(token: string): void;
  }
  export class CustomerApi {
    constructor(apiClient: ApiClient);
    getLoggedInCustomer(): Promise<Record<string, unknown>>;
    listUsers(options: { customer_id: string }): Promise<Record<string, unknown>[]>;
  }
}
