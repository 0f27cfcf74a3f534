from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.at_mention_preview import AtMentionPreview
from ...models.file_preview import FilePreview
from ...models.image_preview import ImagePreview
from ...models.markdown_preview import MarkdownPreview
from ...models.mini_program_preview import MiniProgramPreview
from ...models.preview_body import PreviewBody
from ...models.text_preview import TextPreview
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: PreviewBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/templates/{id}/preview".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ApiError
    | AtMentionPreview
    | FilePreview
    | ImagePreview
    | MarkdownPreview
    | MiniProgramPreview
    | TextPreview
    | None
):
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> (
            AtMentionPreview
            | FilePreview
            | ImagePreview
            | MarkdownPreview
            | MiniProgramPreview
            | TextPreview
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_preview_type_0 = TextPreview.from_dict(data)

                return componentsschemas_preview_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_preview_type_1 = ImagePreview.from_dict(data)

                return componentsschemas_preview_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_preview_type_2 = FilePreview.from_dict(data)

                return componentsschemas_preview_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_preview_type_3 = AtMentionPreview.from_dict(data)

                return componentsschemas_preview_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_preview_type_4 = MiniProgramPreview.from_dict(data)

                return componentsschemas_preview_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_preview_type_5 = MarkdownPreview.from_dict(data)

            return componentsschemas_preview_type_5

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ApiError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ApiError.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = ApiError.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ApiError.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ApiError.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ApiError.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ApiError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    ApiError
    | AtMentionPreview
    | FilePreview
    | ImagePreview
    | MarkdownPreview
    | MiniProgramPreview
    | TextPreview
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PreviewBody,
) -> Response[
    ApiError
    | AtMentionPreview
    | FilePreview
    | ImagePreview
    | MarkdownPreview
    | MiniProgramPreview
    | TextPreview
]:
    """Render a template with variables, without sending. 422 `template_variables` names each
    missing, mistyped or unknown variable.

    Args:
        id (str):
        body (PreviewBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | AtMentionPreview | FilePreview | ImagePreview | MarkdownPreview | MiniProgramPreview | TextPreview]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PreviewBody,
) -> (
    ApiError
    | AtMentionPreview
    | FilePreview
    | ImagePreview
    | MarkdownPreview
    | MiniProgramPreview
    | TextPreview
    | None
):
    """Render a template with variables, without sending. 422 `template_variables` names each
    missing, mistyped or unknown variable.

    Args:
        id (str):
        body (PreviewBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | AtMentionPreview | FilePreview | ImagePreview | MarkdownPreview | MiniProgramPreview | TextPreview
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PreviewBody,
) -> Response[
    ApiError
    | AtMentionPreview
    | FilePreview
    | ImagePreview
    | MarkdownPreview
    | MiniProgramPreview
    | TextPreview
]:
    """Render a template with variables, without sending. 422 `template_variables` names each
    missing, mistyped or unknown variable.

    Args:
        id (str):
        body (PreviewBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | AtMentionPreview | FilePreview | ImagePreview | MarkdownPreview | MiniProgramPreview | TextPreview]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PreviewBody,
) -> (
    ApiError
    | AtMentionPreview
    | FilePreview
    | ImagePreview
    | MarkdownPreview
    | MiniProgramPreview
    | TextPreview
    | None
):
    """Render a template with variables, without sending. 422 `template_variables` names each
    missing, mistyped or unknown variable.

    Args:
        id (str):
        body (PreviewBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | AtMentionPreview | FilePreview | ImagePreview | MarkdownPreview | MiniProgramPreview | TextPreview
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
