"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .account_config import AccountConfig
from .account_event import AccountEvent
from .account_messaging_body import AccountMessagingBody
from .account_metrics import AccountMetrics
from .account_state import AccountState
from .account_status import AccountStatus
from .account_status_changed_data import AccountStatusChangedData
from .account_status_changed_data_detail import AccountStatusChangedDataDetail
from .account_status_changed_stream_event import AccountStatusChangedStreamEvent
from .account_status_changed_stream_event_type import (
    AccountStatusChangedStreamEventType,
)
from .account_status_changed_webhook_event import AccountStatusChangedWebhookEvent
from .account_status_changed_webhook_event_type import (
    AccountStatusChangedWebhookEventType,
)
from .actor_kind import ActorKind
from .aggregate import Aggregate
from .alert import Alert
from .alert_annotations import AlertAnnotations
from .alert_labels import AlertLabels
from .alert_notification import AlertNotification
from .alert_rule import AlertRule
from .alert_rule_input import AlertRuleInput
from .alert_rule_source import AlertRuleSource
from .alert_rule_spec import AlertRuleSpec
from .alert_rule_spec_annotations import AlertRuleSpecAnnotations
from .alert_rule_spec_labels import AlertRuleSpecLabels
from .alert_rule_spec_matchers import AlertRuleSpecMatchers
from .alert_state import AlertState
from .api_error import ApiError
from .api_key import ApiKey
from .at_mention_content import AtMentionContent
from .at_mention_message import AtMentionMessage
from .at_mention_message_detail import AtMentionMessageDetail
from .at_mention_message_detail_message_type import AtMentionMessageDetailMessageType
from .at_mention_message_message_type import AtMentionMessageMessageType
from .at_mention_preview import AtMentionPreview
from .at_mention_preview_message_type import AtMentionPreviewMessageType
from .at_mention_template import AtMentionTemplate
from .at_mention_template_body import AtMentionTemplateBody
from .at_mention_template_body_message_type import AtMentionTemplateBodyMessageType
from .at_mention_template_message_type import AtMentionTemplateMessageType
from .attempt import Attempt
from .attempt_outcome import AttemptOutcome
from .audit_action import AuditAction
from .audit_entry import AuditEntry
from .audit_entry_detail import AuditEntryDetail
from .batch_accepted import BatchAccepted
from .batch_item import BatchItem
from .batch_item_variables import BatchItemVariables
from .batch_rejection import BatchRejection
from .batch_report import BatchReport
from .batch_send import BatchSend
from .callback_event import CallbackEvent
from .callback_event_payload import CallbackEventPayload
from .callback_source import CallbackSource
from .callback_status import CallbackStatus
from .channel_body import ChannelBody
from .channel_fields import ChannelFields
from .channel_kind import ChannelKind
from .connector_kind import ConnectorKind
from .contact_added_stream_event import ContactAddedStreamEvent
from .contact_added_stream_event_type import ContactAddedStreamEventType
from .contact_added_webhook_event import ContactAddedWebhookEvent
from .contact_added_webhook_event_type import ContactAddedWebhookEventType
from .contact_removed_stream_event import ContactRemovedStreamEvent
from .contact_removed_stream_event_type import ContactRemovedStreamEventType
from .contact_removed_webhook_event import ContactRemovedWebhookEvent
from .contact_removed_webhook_event_type import ContactRemovedWebhookEventType
from .conversation import Conversation
from .conversation_event_data import ConversationEventData
from .conversation_event_data_details import ConversationEventDataDetails
from .conversation_kind import ConversationKind
from .create_api_key import CreateApiKey
from .create_endpoint import CreateEndpoint
from .create_silence import CreateSilence
from .create_silence_matchers import CreateSilenceMatchers
from .create_tenant import CreateTenant
from .create_user import CreateUser
from .created_api_key import CreatedApiKey
from .created_tenant import CreatedTenant
from .day_usage import DayUsage
from .delivery import Delivery
from .delivery_status import DeliveryStatus
from .dependency_state import DependencyState
from .dependency_status import DependencyStatus
from .email_channel import EmailChannel
from .email_channel_config import EmailChannelConfig
from .email_channel_kind import EmailChannelKind
from .endpoint import Endpoint
from .endpoint_secret import EndpointSecret
from .error_code import ErrorCode
from .error_details import ErrorDetails
from .file_content import FileContent
from .file_message import FileMessage
from .file_message_detail import FileMessageDetail
from .file_message_detail_message_type import FileMessageDetailMessageType
from .file_message_message_type import FileMessageMessageType
from .file_preview import FilePreview
from .file_preview_message_type import FilePreviewMessageType
from .file_template import FileTemplate
from .file_template_body import FileTemplateBody
from .file_template_body_message_type import FileTemplateBodyMessageType
from .file_template_message_type import FileTemplateMessageType
from .gap_stream_event import GapStreamEvent
from .gap_stream_event_type import GapStreamEventType
from .group_member_joined_stream_event import GroupMemberJoinedStreamEvent
from .group_member_joined_stream_event_type import GroupMemberJoinedStreamEventType
from .group_member_joined_webhook_event import GroupMemberJoinedWebhookEvent
from .group_member_joined_webhook_event_type import GroupMemberJoinedWebhookEventType
from .group_member_left_stream_event import GroupMemberLeftStreamEvent
from .group_member_left_stream_event_type import GroupMemberLeftStreamEventType
from .group_member_left_webhook_event import GroupMemberLeftWebhookEvent
from .group_member_left_webhook_event_type import GroupMemberLeftWebhookEventType
from .health_status import HealthStatus
from .http_instance_create_account import HttpInstanceCreateAccount
from .http_instance_create_account_connector import HttpInstanceCreateAccountConnector
from .image_content import ImageContent
from .image_message import ImageMessage
from .image_message_detail import ImageMessageDetail
from .image_message_detail_message_type import ImageMessageDetailMessageType
from .image_message_message_type import ImageMessageMessageType
from .image_preview import ImagePreview
from .image_preview_message_type import ImagePreviewMessageType
from .image_template import ImageTemplate
from .image_template_body import ImageTemplateBody
from .image_template_body_message_type import ImageTemplateBodyMessageType
from .image_template_message_type import ImageTemplateMessageType
from .live_status import LiveStatus
from .liveness import Liveness
from .login_request import LoginRequest
from .login_stage import LoginStage
from .login_started import LoginStarted
from .markdown_content import MarkdownContent
from .markdown_message import MarkdownMessage
from .markdown_message_detail import MarkdownMessageDetail
from .markdown_message_detail_message_type import MarkdownMessageDetailMessageType
from .markdown_message_message_type import MarkdownMessageMessageType
from .markdown_preview import MarkdownPreview
from .markdown_preview_message_type import MarkdownPreviewMessageType
from .markdown_template import MarkdownTemplate
from .markdown_template_body import MarkdownTemplateBody
from .markdown_template_body_message_type import MarkdownTemplateBodyMessageType
from .markdown_template_message_type import MarkdownTemplateMessageType
from .message_detail_fields import MessageDetailFields
from .message_fields import MessageFields
from .message_received_stream_event import MessageReceivedStreamEvent
from .message_received_stream_event_type import MessageReceivedStreamEventType
from .message_received_webhook_event import MessageReceivedWebhookEvent
from .message_received_webhook_event_type import MessageReceivedWebhookEventType
from .message_stats import MessageStats
from .message_status import MessageStatus
from .message_status_changed_data import MessageStatusChangedData
from .message_status_changed_stream_event import MessageStatusChangedStreamEvent
from .message_status_changed_stream_event_type import (
    MessageStatusChangedStreamEventType,
)
from .message_status_changed_webhook_event import MessageStatusChangedWebhookEvent
from .message_status_changed_webhook_event_type import (
    MessageStatusChangedWebhookEventType,
)
from .message_type import MessageType
from .metric_point import MetricPoint
from .metric_series import MetricSeries
from .metric_series_labels import MetricSeriesLabels
from .mini_program_content import MiniProgramContent
from .mini_program_message import MiniProgramMessage
from .mini_program_message_detail import MiniProgramMessageDetail
from .mini_program_message_detail_message_type import (
    MiniProgramMessageDetailMessageType,
)
from .mini_program_message_message_type import MiniProgramMessageMessageType
from .mini_program_preview import MiniProgramPreview
from .mini_program_preview_message_type import MiniProgramPreviewMessageType
from .mini_program_template import MiniProgramTemplate
from .mini_program_template_body import MiniProgramTemplateBody
from .mini_program_template_body_message_type import MiniProgramTemplateBodyMessageType
from .mini_program_template_message_type import MiniProgramTemplateMessageType
from .monitor_health import MonitorHealth
from .monitor_health_metrics_writer import MonitorHealthMetricsWriter
from .new_account_fields import NewAccountFields
from .new_account_fields_config import NewAccountFieldsConfig
from .no_data import NoData
from .notification_outcome import NotificationOutcome
from .notification_status import NotificationStatus
from .operator import Operator
from .pacing_profile import PacingProfile
from .page_account import PageAccount
from .page_alert import PageAlert
from .page_alert_notification import PageAlertNotification
from .page_alert_rule import PageAlertRule
from .page_api_key import PageApiKey
from .page_audit_entry import PageAuditEntry
from .page_callback_event import PageCallbackEvent
from .page_channel import PageChannel
from .page_conversation import PageConversation
from .page_delivery import PageDelivery
from .page_endpoint import PageEndpoint
from .page_message import PageMessage
from .page_pacing_profile import PagePacingProfile
from .page_silence import PageSilence
from .page_status_change import PageStatusChange
from .page_template import PageTemplate
from .page_tenant import PageTenant
from .page_user import PageUser
from .page_webhook_event_type import PageWebhookEventType
from .preview_body import PreviewBody
from .preview_body_variables import PreviewBodyVariables
from .preview_fields import PreviewFields
from .qr_code import QrCode
from .quiet_hours import QuietHours
from .readiness import Readiness
from .readiness_status import ReadinessStatus
from .refresh_request import RefreshRequest
from .role import Role
from .send_accepted import SendAccepted
from .send_message import SendMessage
from .send_message_variables import SendMessageVariables
from .severity import Severity
from .signed_in_user import SignedInUser
from .silence import Silence
from .silence_matchers import SilenceMatchers
from .simulator_create_account import SimulatorCreateAccount
from .simulator_create_account_connector import SimulatorCreateAccountConnector
from .simulator_create_account_connector_settings import (
    SimulatorCreateAccountConnectorSettings,
)
from .status_change import StatusChange
from .status_change_detail import StatusChangeDetail
from .stream_event_fields import StreamEventFields
from .template_body_fields import TemplateBodyFields
from .template_fallback import TemplateFallback
from .template_fields import TemplateFields
from .template_problem import TemplateProblem
from .template_variable import TemplateVariable
from .tenant import Tenant
from .tenant_pacing import TenantPacing
from .tenant_role import TenantRole
from .tenant_status import TenantStatus
from .text_content import TextContent
from .text_message import TextMessage
from .text_message_detail import TextMessageDetail
from .text_message_detail_message_type import TextMessageDetailMessageType
from .text_message_message_type import TextMessageMessageType
from .text_preview import TextPreview
from .text_preview_message_type import TextPreviewMessageType
from .text_template import TextTemplate
from .text_template_body import TextTemplateBody
from .text_template_body_message_type import TextTemplateBodyMessageType
from .text_template_message_type import TextTemplateMessageType
from .token_pair import TokenPair
from .token_type import TokenType
from .update_account import UpdateAccount
from .update_account_config import UpdateAccountConfig
from .update_endpoint import UpdateEndpoint
from .update_tenant import UpdateTenant
from .update_user import UpdateUser
from .usage import Usage
from .user import User
from .user_status import UserStatus
from .variable_problem import VariableProblem
from .variable_problem_code import VariableProblemCode
from .variable_type import VariableType
from .verify_account import VerifyAccount
from .webhook_attempt import WebhookAttempt
from .webhook_channel import WebhookChannel
from .webhook_channel_config import WebhookChannelConfig
from .webhook_channel_kind import WebhookChannelKind
from .webhook_event_fields import WebhookEventFields
from .webhook_event_type import WebhookEventType
from .wecom_api_create_account import WecomApiCreateAccount
from .wecom_api_create_account_connector import WecomApiCreateAccountConnector
from .wecom_api_settings import WecomApiSettings
from .wecom_callback_configured import WecomCallbackConfigured
from .wecom_callback_settings import WecomCallbackSettings
from .wecom_robot_channel import WecomRobotChannel
from .wecom_robot_channel_config import WecomRobotChannelConfig
from .wecom_robot_channel_kind import WecomRobotChannelKind
from .writer_state import WriterState

__all__ = (
    "Account",
    "AccountConfig",
    "AccountEvent",
    "AccountMessagingBody",
    "AccountMetrics",
    "AccountState",
    "AccountStatus",
    "AccountStatusChangedData",
    "AccountStatusChangedDataDetail",
    "AccountStatusChangedStreamEvent",
    "AccountStatusChangedStreamEventType",
    "AccountStatusChangedWebhookEvent",
    "AccountStatusChangedWebhookEventType",
    "ActorKind",
    "Aggregate",
    "Alert",
    "AlertAnnotations",
    "AlertLabels",
    "AlertNotification",
    "AlertRule",
    "AlertRuleInput",
    "AlertRuleSource",
    "AlertRuleSpec",
    "AlertRuleSpecAnnotations",
    "AlertRuleSpecLabels",
    "AlertRuleSpecMatchers",
    "AlertState",
    "ApiError",
    "ApiKey",
    "AtMentionContent",
    "AtMentionMessage",
    "AtMentionMessageDetail",
    "AtMentionMessageDetailMessageType",
    "AtMentionMessageMessageType",
    "AtMentionPreview",
    "AtMentionPreviewMessageType",
    "AtMentionTemplate",
    "AtMentionTemplateBody",
    "AtMentionTemplateBodyMessageType",
    "AtMentionTemplateMessageType",
    "Attempt",
    "AttemptOutcome",
    "AuditAction",
    "AuditEntry",
    "AuditEntryDetail",
    "BatchAccepted",
    "BatchItem",
    "BatchItemVariables",
    "BatchRejection",
    "BatchReport",
    "BatchSend",
    "CallbackEvent",
    "CallbackEventPayload",
    "CallbackSource",
    "CallbackStatus",
    "ChannelBody",
    "ChannelFields",
    "ChannelKind",
    "ConnectorKind",
    "ContactAddedStreamEvent",
    "ContactAddedStreamEventType",
    "ContactAddedWebhookEvent",
    "ContactAddedWebhookEventType",
    "ContactRemovedStreamEvent",
    "ContactRemovedStreamEventType",
    "ContactRemovedWebhookEvent",
    "ContactRemovedWebhookEventType",
    "Conversation",
    "ConversationEventData",
    "ConversationEventDataDetails",
    "ConversationKind",
    "CreateApiKey",
    "CreatedApiKey",
    "CreatedTenant",
    "CreateEndpoint",
    "CreateSilence",
    "CreateSilenceMatchers",
    "CreateTenant",
    "CreateUser",
    "DayUsage",
    "Delivery",
    "DeliveryStatus",
    "DependencyState",
    "DependencyStatus",
    "EmailChannel",
    "EmailChannelConfig",
    "EmailChannelKind",
    "Endpoint",
    "EndpointSecret",
    "ErrorCode",
    "ErrorDetails",
    "FileContent",
    "FileMessage",
    "FileMessageDetail",
    "FileMessageDetailMessageType",
    "FileMessageMessageType",
    "FilePreview",
    "FilePreviewMessageType",
    "FileTemplate",
    "FileTemplateBody",
    "FileTemplateBodyMessageType",
    "FileTemplateMessageType",
    "GapStreamEvent",
    "GapStreamEventType",
    "GroupMemberJoinedStreamEvent",
    "GroupMemberJoinedStreamEventType",
    "GroupMemberJoinedWebhookEvent",
    "GroupMemberJoinedWebhookEventType",
    "GroupMemberLeftStreamEvent",
    "GroupMemberLeftStreamEventType",
    "GroupMemberLeftWebhookEvent",
    "GroupMemberLeftWebhookEventType",
    "HealthStatus",
    "HttpInstanceCreateAccount",
    "HttpInstanceCreateAccountConnector",
    "ImageContent",
    "ImageMessage",
    "ImageMessageDetail",
    "ImageMessageDetailMessageType",
    "ImageMessageMessageType",
    "ImagePreview",
    "ImagePreviewMessageType",
    "ImageTemplate",
    "ImageTemplateBody",
    "ImageTemplateBodyMessageType",
    "ImageTemplateMessageType",
    "Liveness",
    "LiveStatus",
    "LoginRequest",
    "LoginStage",
    "LoginStarted",
    "MarkdownContent",
    "MarkdownMessage",
    "MarkdownMessageDetail",
    "MarkdownMessageDetailMessageType",
    "MarkdownMessageMessageType",
    "MarkdownPreview",
    "MarkdownPreviewMessageType",
    "MarkdownTemplate",
    "MarkdownTemplateBody",
    "MarkdownTemplateBodyMessageType",
    "MarkdownTemplateMessageType",
    "MessageDetailFields",
    "MessageFields",
    "MessageReceivedStreamEvent",
    "MessageReceivedStreamEventType",
    "MessageReceivedWebhookEvent",
    "MessageReceivedWebhookEventType",
    "MessageStats",
    "MessageStatus",
    "MessageStatusChangedData",
    "MessageStatusChangedStreamEvent",
    "MessageStatusChangedStreamEventType",
    "MessageStatusChangedWebhookEvent",
    "MessageStatusChangedWebhookEventType",
    "MessageType",
    "MetricPoint",
    "MetricSeries",
    "MetricSeriesLabels",
    "MiniProgramContent",
    "MiniProgramMessage",
    "MiniProgramMessageDetail",
    "MiniProgramMessageDetailMessageType",
    "MiniProgramMessageMessageType",
    "MiniProgramPreview",
    "MiniProgramPreviewMessageType",
    "MiniProgramTemplate",
    "MiniProgramTemplateBody",
    "MiniProgramTemplateBodyMessageType",
    "MiniProgramTemplateMessageType",
    "MonitorHealth",
    "MonitorHealthMetricsWriter",
    "NewAccountFields",
    "NewAccountFieldsConfig",
    "NoData",
    "NotificationOutcome",
    "NotificationStatus",
    "Operator",
    "PacingProfile",
    "PageAccount",
    "PageAlert",
    "PageAlertNotification",
    "PageAlertRule",
    "PageApiKey",
    "PageAuditEntry",
    "PageCallbackEvent",
    "PageChannel",
    "PageConversation",
    "PageDelivery",
    "PageEndpoint",
    "PageMessage",
    "PagePacingProfile",
    "PageSilence",
    "PageStatusChange",
    "PageTemplate",
    "PageTenant",
    "PageUser",
    "PageWebhookEventType",
    "PreviewBody",
    "PreviewBodyVariables",
    "PreviewFields",
    "QrCode",
    "QuietHours",
    "Readiness",
    "ReadinessStatus",
    "RefreshRequest",
    "Role",
    "SendAccepted",
    "SendMessage",
    "SendMessageVariables",
    "Severity",
    "SignedInUser",
    "Silence",
    "SilenceMatchers",
    "SimulatorCreateAccount",
    "SimulatorCreateAccountConnector",
    "SimulatorCreateAccountConnectorSettings",
    "StatusChange",
    "StatusChangeDetail",
    "StreamEventFields",
    "TemplateBodyFields",
    "TemplateFallback",
    "TemplateFields",
    "TemplateProblem",
    "TemplateVariable",
    "Tenant",
    "TenantPacing",
    "TenantRole",
    "TenantStatus",
    "TextContent",
    "TextMessage",
    "TextMessageDetail",
    "TextMessageDetailMessageType",
    "TextMessageMessageType",
    "TextPreview",
    "TextPreviewMessageType",
    "TextTemplate",
    "TextTemplateBody",
    "TextTemplateBodyMessageType",
    "TextTemplateMessageType",
    "TokenPair",
    "TokenType",
    "UpdateAccount",
    "UpdateAccountConfig",
    "UpdateEndpoint",
    "UpdateTenant",
    "UpdateUser",
    "Usage",
    "User",
    "UserStatus",
    "VariableProblem",
    "VariableProblemCode",
    "VariableType",
    "VerifyAccount",
    "WebhookAttempt",
    "WebhookChannel",
    "WebhookChannelConfig",
    "WebhookChannelKind",
    "WebhookEventFields",
    "WebhookEventType",
    "WecomApiCreateAccount",
    "WecomApiCreateAccountConnector",
    "WecomApiSettings",
    "WecomCallbackConfigured",
    "WecomCallbackSettings",
    "WecomRobotChannel",
    "WecomRobotChannelConfig",
    "WecomRobotChannelKind",
    "WriterState",
)
