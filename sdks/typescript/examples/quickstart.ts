import { Fleet } from '@wecom-fleet/sdk';

const fleet = new Fleet({ baseUrl: process.env.FLEET_URL ?? 'http://127.0.0.1:8080', email: process.env.FLEET_EMAIL, password: process.env.FLEET_PASSWORD });
const account = await fleet.accounts.create({ body: { account_name: `quickstart-${Date.now().toString(36)}`, connector: 'simulator' } });
const login = await fleet.accounts.startLogin({ path: { id: account.account_id } });
console.log('scan this QR code:', `${login.qrcode_data_url?.slice(0, 48)}...`);
for await (const a of fleet.paginate(fleet.accounts.list, { query: { status: 'qr_wait' } })) console.log('waiting for a scan:', a.account_name);
