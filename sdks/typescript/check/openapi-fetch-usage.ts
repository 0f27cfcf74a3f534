// Proof that the second generator named by the issue works on the document: types from
// openapi-typescript (check/openapi-typescript/schema.d.ts) driving openapi-fetch. Compiled by
// `npm run check:openapi-typescript` (tsc --strict --noEmit); never run, never shipped.
import createClient from 'openapi-fetch';
import type { paths } from './openapi-typescript/schema.js';

export async function usage(baseUrl: string, email: string, password: string): Promise<number> {
  const client = createClient<paths>({ baseUrl });

  const login = await client.POST('/api/v1/auth/login', { body: { email, password } });
  if (login.error !== undefined) throw new Error(`sign-in failed: ${JSON.stringify(login.error)}`);
  const token: string = login.data.access_token;

  const accounts = await client.GET('/api/v1/accounts', {
    params: { query: { status: 'online', page: 1, size: 200 } },
    headers: { Authorization: `Bearer ${token}` },
  });
  if (accounts.error !== undefined) throw new Error(`listing failed: ${JSON.stringify(accounts.error)}`);
  const total: number = accounts.data.total;
  return total;
}
