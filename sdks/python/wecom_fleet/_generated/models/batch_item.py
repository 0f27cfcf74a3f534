from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.message_type import MessageType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.at_mention_content import AtMentionContent
    from ..models.batch_item_variables import BatchItemVariables
    from ..models.file_content import FileContent
    from ..models.image_content import ImageContent
    from ..models.markdown_content import MarkdownContent
    from ..models.mini_program_content import MiniProgramContent
    from ..models.text_content import TextContent


T = TypeVar("T", bound="BatchItem")


@_attrs_define
class BatchItem:
    """One message of a batch: as `SendMessage`, without the account.

    Attributes:
        conversation_id (str):
        content (AtMentionContent | FileContent | ImageContent | MarkdownContent | MiniProgramContent | TextContent |
            Unset):
        message_type (MessageType | Unset): The kind of a message; decides the shape of its content (see
            [`super::check_content`]).
        send_time (datetime.datetime | Unset):
        template_id (str | Unset):
        template_version (int | Unset):
        variables (BatchItemVariables | Unset):
    """

    conversation_id: str
    content: (
        AtMentionContent
        | FileContent
        | ImageContent
        | MarkdownContent
        | MiniProgramContent
        | TextContent
        | Unset
    ) = UNSET
    message_type: MessageType | Unset = UNSET
    send_time: datetime.datetime | Unset = UNSET
    template_id: str | Unset = UNSET
    template_version: int | Unset = UNSET
    variables: BatchItemVariables | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.at_mention_content import AtMentionContent  # noqa: PLC0415
        from ..models.file_content import FileContent  # noqa: PLC0415
        from ..models.image_content import ImageContent  # noqa: PLC0415
        from ..models.mini_program_content import MiniProgramContent  # noqa: PLC0415
        from ..models.text_content import TextContent  # noqa: PLC0415

        conversation_id = self.conversation_id

        content: dict[str, Any] | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        elif isinstance(self.content, TextContent):
            content = self.content.to_dict()
        elif isinstance(self.content, ImageContent):
            content = self.content.to_dict()
        elif isinstance(self.content, FileContent):
            content = self.content.to_dict()
        elif isinstance(self.content, AtMentionContent):
            content = self.content.to_dict()
        elif isinstance(self.content, MiniProgramContent):
            content = self.content.to_dict()
        else:
            content = self.content.to_dict()

        message_type: str | Unset = UNSET
        if not isinstance(self.message_type, Unset):
            message_type = self.message_type.value

        send_time: str | Unset = UNSET
        if not isinstance(self.send_time, Unset):
            send_time = self.send_time.isoformat()

        template_id = self.template_id

        template_version = self.template_version

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "conversation_id": conversation_id,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if message_type is not UNSET:
            field_dict["message_type"] = message_type
        if send_time is not UNSET:
            field_dict["send_time"] = send_time
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if template_version is not UNSET:
            field_dict["template_version"] = template_version
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.at_mention_content import AtMentionContent  # noqa: PLC0415
        from ..models.batch_item_variables import BatchItemVariables  # noqa: PLC0415
        from ..models.file_content import FileContent  # noqa: PLC0415
        from ..models.image_content import ImageContent  # noqa: PLC0415
        from ..models.markdown_content import MarkdownContent  # noqa: PLC0415
        from ..models.mini_program_content import MiniProgramContent  # noqa: PLC0415
        from ..models.text_content import TextContent  # noqa: PLC0415

        d = dict(src_dict)
        conversation_id = d.pop("conversation_id")

        def _parse_content(
            data: object,
        ) -> (
            AtMentionContent
            | FileContent
            | ImageContent
            | MarkdownContent
            | MiniProgramContent
            | TextContent
            | Unset
        ):
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_0 = TextContent.from_dict(data)

                return componentsschemas_message_content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_1 = ImageContent.from_dict(data)

                return componentsschemas_message_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_2 = FileContent.from_dict(data)

                return componentsschemas_message_content_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_3 = AtMentionContent.from_dict(
                    data
                )

                return componentsschemas_message_content_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_4 = MiniProgramContent.from_dict(
                    data
                )

                return componentsschemas_message_content_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_message_content_type_5 = MarkdownContent.from_dict(data)

            return componentsschemas_message_content_type_5

        content = _parse_content(d.pop("content", UNSET))

        _message_type = d.pop("message_type", UNSET)
        message_type: MessageType | Unset
        if isinstance(_message_type, Unset):
            message_type = UNSET
        else:
            message_type = MessageType(_message_type)

        _send_time = d.pop("send_time", UNSET)
        send_time: datetime.datetime | Unset
        if isinstance(_send_time, Unset):
            send_time = UNSET
        else:
            send_time = datetime.datetime.fromisoformat(_send_time)

        template_id = d.pop("template_id", UNSET)

        template_version = d.pop("template_version", UNSET)

        _variables = d.pop("variables", UNSET)
        variables: BatchItemVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = BatchItemVariables.from_dict(_variables)

        batch_item = cls(
            conversation_id=conversation_id,
            content=content,
            message_type=message_type,
            send_time=send_time,
            template_id=template_id,
            template_version=template_version,
            variables=variables,
        )

        return batch_item
