"""From a new simulator account to a delivered message, on the demo (run by the SDK tests)."""

import os
import time
import uuid

from wecom_fleet import Fleet

fleet = Fleet(os.environ["FLEET_URL"], email=os.environ["FLEET_EMAIL"], password=os.environ["FLEET_PASSWORD"])
account = fleet.accounts.create(body={"account_name": f"first-{uuid.uuid4().hex[:8]}", "connector": "simulator"})
fleet.accounts.start_login(account.account_id)
fleet.simulator.scan(account.account_id)  # on the demo, the simulator plays the phone
fleet.simulator.confirm(account.account_id)
assert fleet.accounts.status(account.account_id).status == "online"
conversation = next(fleet.accounts.conversations_all(account.account_id))
sent = fleet.messages.send(
    body={
        "account_id": account.account_id,
        "conversation_id": conversation.conversation_id,
        "message_type": "text",
        "content": {"text": "Hello from the Python SDK"},
    },
    idempotency_key=f"first-{account.account_id}",
)
for _ in range(60):  # the demo delivers about a second after sending
    message = fleet.messages.get(sent.message_id)
    if message.status == "delivered":
        break
    time.sleep(0.5)
print("message", sent.message_id, "is", message.status)
assert message.status == "delivered"
