"""Schemathesis hooks for scripts/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

Two jobs, both in `before_call`, which sees every request of every phase just before it goes out:

1. Seeded ids. With FLEET_ST_IDS=seeded, the `id` of each `{id}` operation is replaced by an
   object that scripts/schemathesis/seed.py created (its id exported as FLEET_ST_<NAME>), so the
   operation is tested on something that exists instead of answering 404 to every random id.
   Each DELETE-like operation gets a throwaway object of its own, so deleting it once does not
   turn every other operation on that kind into a 404. With FLEET_ST_IDS=generated, ids stay as
   Schemathesis makes them: random ones (the 404 path) and ones it read from earlier responses
   (its stateful phase follows the links it infers, e.g. `POST /templates` -> `PUT`, `GET`).

2. A guard. Following those links, Schemathesis also finds the signed-in admin (`GET /users`),
   the API key in use and the tenant under test, and one `PATCH /users/{admin}` with a new
   password or status, or one revocation, ends the run's own session: every later answer is
   401/403 noise. Requests like that get a stand-in id that does not exist: they still go out
   and are still checked (as 404), without destroying what the run stands on.
"""

import os

import schemathesis

# operationId -> the seeded object its `{id}` names (FLEET_ST_<value>).
SEEDED = {
    # The online account: reads, settings, metrics.
    **dict.fromkeys(
        ["accounts_get", "accounts_update", "accounts_conversations", "accounts_history",
         "accounts_status", "pacing_get_account", "pacing_set_account", "monitor_account_metrics",
         "accounts_configure_wecom_callback"],
        "ACCOUNT_ID"),
    # Login, logout, verification and the simulated phone move an account between states: on
    # an account of their own, so the online one stays online for messages and reads.
    **dict.fromkeys(
        ["accounts_start_login", "accounts_logout", "accounts_verify", "accounts_qrcode",
         "simulator_scan", "simulator_confirm", "simulator_disconnect",
         "simulator_require_verification"],
        "LIFECYCLE_ACCOUNT_ID"),
    "accounts_delete": "DOOMED_ACCOUNT_ID",
    **dict.fromkeys(["templates_get", "templates_update", "templates_preview"], "TEMPLATE_ID"),
    "templates_delete": "DOOMED_TEMPLATE_ID",
    **dict.fromkeys(
        ["webhooks_get_endpoint", "webhooks_update_endpoint", "webhooks_get_secret",
         "webhooks_rotate_secret"],
        "ENDPOINT_ID"),
    "webhooks_delete_endpoint": "DOOMED_ENDPOINT_ID",
    **dict.fromkeys(["webhooks_get_delivery", "webhooks_resend_delivery"], "DELIVERY_ID"),
    **dict.fromkeys(["alert_rules_get", "alert_rules_update"], "RULE_ID"),
    "alert_rules_delete": "DOOMED_RULE_ID",
    "alert_silences_get": "SILENCE_ID",
    "alert_silences_delete": "DOOMED_SILENCE_ID",
    **dict.fromkeys(
        ["alert_channels_get", "alert_channels_update", "alert_channels_notifications",
         "alert_channels_test"],
        "CHANNEL_ID"),
    "alert_channels_delete": "DOOMED_CHANNEL_ID",
    # Never the key the API-key pass authenticates with.
    "api_keys_get": "API_KEY_ID",
    "api_keys_revoke": "DOOMED_API_KEY_ID",
    # Never the signed-in admin: a second user to read and change, a third to delete.
    **dict.fromkeys(["users_get", "users_update"], "USER_ID"),
    "users_delete": "DOOMED_USER_ID",
    **dict.fromkeys(["messages_get", "messages_retry"], "MESSAGE_ID"),
    # Scheduled a day ahead: the one state in which cancelling succeeds.
    "messages_cancel": "SCHEDULED_MESSAGE_ID",
    "messages_get_batch": "BATCH_ID",
    **dict.fromkeys(["callbacks_get_event", "callbacks_replay_event"], "CALLBACK_EVENT_ID"),
    # Never the tenant under test: spare tenants the platform admin created.
    **dict.fromkeys(
        ["tenants_get", "tenants_update", "tenants_suspend", "tenants_activate"],
        "SPARE_TENANT_ID"),
    "tenants_delete": "DOOMED_TENANT_ID",
}

# operationId -> the object the run depends on, which it must never be aimed at.
PROTECTED = {
    "users_update": "ADMIN_USER_ID",
    "users_delete": "ADMIN_USER_ID",
    "api_keys_revoke": "AUTH_API_KEY_ID",
    "tenants_delete": "TENANT_ID",
    "tenants_suspend": "TENANT_ID",
}

STAND_IN = "00000000-0000-4000-8000-000000000000"


@schemathesis.hook
def before_call(context, case, kwargs):
    operation_id = case.operation.definition.raw.get("operationId")
    if "id" not in (case.path_parameters or {}):
        return
    if os.environ.get("FLEET_ST_IDS") == "seeded" and operation_id in SEEDED:
        case.path_parameters["id"] = os.environ["FLEET_ST_" + SEEDED[operation_id]]
    spared = PROTECTED.get(operation_id)
    if spared and case.path_parameters["id"] == os.environ.get("FLEET_ST_" + spared):
        case.path_parameters["id"] = STAND_IN
