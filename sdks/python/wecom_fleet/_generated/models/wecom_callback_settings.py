from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WecomCallbackSettings")


@_attrs_define
class WecomCallbackSettings:
    """The callback token and EncodingAESKey set for the app in the WeCom admin console.

    Attributes:
        encoding_aes_key (str): 43 characters of base64.
        token (str): 1–32 letters or digits.
    """

    encoding_aes_key: str
    token: str

    def to_dict(self) -> dict[str, Any]:
        encoding_aes_key = self.encoding_aes_key

        token = self.token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "encoding_aes_key": encoding_aes_key,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        encoding_aes_key = d.pop("encoding_aes_key")

        token = d.pop("token")

        wecom_callback_settings = cls(
            encoding_aes_key=encoding_aes_key,
            token=token,
        )

        return wecom_callback_settings
