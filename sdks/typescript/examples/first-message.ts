// From a new simulator account to a delivered message, on the demo (run by the SDK tests).
import { setTimeout as sleep } from 'node:timers/promises';

import { Fleet } from '@wecom-fleet/sdk';

const fleet = new Fleet({ baseUrl: process.env.FLEET_URL ?? 'http://127.0.0.1:8080', email: process.env.FLEET_EMAIL, password: process.env.FLEET_PASSWORD });
const account = await fleet.accounts.create({ body: { account_name: `first-${Date.now().toString(36)}`, connector: 'simulator' } });
const id = account.account_id;
await fleet.accounts.startLogin({ path: { id } });
await fleet.simulator.scan({ path: { id } }); // on the demo, the simulator plays the phone
await fleet.simulator.confirm({ path: { id } });
const conversations = await fleet.accounts.conversations({ path: { id } });
const sent = await fleet.messages.send({
  headers: { 'Idempotency-Key': `first-${id}` },
  body: { account_id: id, conversation_id: conversations.items[0]!.conversation_id, message_type: 'text', content: { text: 'Hello from the TypeScript SDK' } },
});
let status = 'pending';
for (let i = 0; i < 60 && status !== 'delivered'; i++) {
  await sleep(500); // the demo delivers about a second after sending
  status = (await fleet.messages.get({ path: { id: sent.message_id } })).status;
}
console.log('message', sent.message_id, 'is', status);
if (status !== 'delivered') process.exit(1);
