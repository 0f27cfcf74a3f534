import os
import uuid

from wecom_fleet import Fleet

fleet = Fleet(os.environ["FLEET_URL"], email=os.environ["FLEET_EMAIL"], password=os.environ["FLEET_PASSWORD"])
account = fleet.accounts.create(body={"account_name": f"quickstart-{uuid.uuid4().hex[:8]}", "connector": "simulator"})
login = fleet.accounts.start_login(account.account_id)
print("scan this QR code:", str(login.qrcode_data_url)[:48] + "...")
print("waiting for a scan:", [a.account_name for a in fleet.accounts.list_all(status="qr_wait")])
