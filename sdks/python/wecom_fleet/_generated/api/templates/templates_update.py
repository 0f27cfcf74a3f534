from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.at_mention_template import AtMentionTemplate
from ...models.at_mention_template_body import AtMentionTemplateBody
from ...models.file_template import FileTemplate
from ...models.file_template_body import FileTemplateBody
from ...models.image_template import ImageTemplate
from ...models.image_template_body import ImageTemplateBody
from ...models.markdown_template import MarkdownTemplate
from ...models.markdown_template_body import MarkdownTemplateBody
from ...models.mini_program_template import MiniProgramTemplate
from ...models.mini_program_template_body import MiniProgramTemplateBody
from ...models.text_template import TextTemplate
from ...models.text_template_body import TextTemplateBody
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: AtMentionTemplateBody
    | FileTemplateBody
    | ImageTemplateBody
    | MarkdownTemplateBody
    | MiniProgramTemplateBody
    | TextTemplateBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/templates/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    if isinstance(body, TextTemplateBody):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ImageTemplateBody):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, FileTemplateBody):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, AtMentionTemplateBody):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, MiniProgramTemplateBody):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ApiError
    | AtMentionTemplate
    | FileTemplate
    | ImageTemplate
    | MarkdownTemplate
    | MiniProgramTemplate
    | TextTemplate
    | None
):
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> (
            AtMentionTemplate
            | FileTemplate
            | ImageTemplate
            | MarkdownTemplate
            | MiniProgramTemplate
            | TextTemplate
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_template_type_0 = TextTemplate.from_dict(data)

                return componentsschemas_template_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_template_type_1 = ImageTemplate.from_dict(data)

                return componentsschemas_template_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_template_type_2 = FileTemplate.from_dict(data)

                return componentsschemas_template_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_template_type_3 = AtMentionTemplate.from_dict(data)

                return componentsschemas_template_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_template_type_4 = MiniProgramTemplate.from_dict(data)

                return componentsschemas_template_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_template_type_5 = MarkdownTemplate.from_dict(data)

            return componentsschemas_template_type_5

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

    if response.status_code == 409:
        response_409 = ApiError.from_dict(response.json())

        return response_409

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
    | AtMentionTemplate
    | FileTemplate
    | ImageTemplate
    | MarkdownTemplate
    | MiniProgramTemplate
    | TextTemplate
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
    body: AtMentionTemplateBody
    | FileTemplateBody
    | ImageTemplateBody
    | MarkdownTemplateBody
    | MiniProgramTemplateBody
    | TextTemplateBody,
) -> Response[
    ApiError
    | AtMentionTemplate
    | FileTemplate
    | ImageTemplate
    | MarkdownTemplate
    | MiniProgramTemplate
    | TextTemplate
]:
    """Replace a template (operators). A change of type, content or variables makes a new
    version; accepted messages keep theirs.

    Args:
        id (str):
        body (AtMentionTemplateBody | FileTemplateBody | ImageTemplateBody | MarkdownTemplateBody
            | MiniProgramTemplateBody | TextTemplateBody): A template to create or replace: `content`
            with `{{variable}}` placeholders in its strings, shaped by `message_type`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | AtMentionTemplate | FileTemplate | ImageTemplate | MarkdownTemplate | MiniProgramTemplate | TextTemplate]
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
    body: AtMentionTemplateBody
    | FileTemplateBody
    | ImageTemplateBody
    | MarkdownTemplateBody
    | MiniProgramTemplateBody
    | TextTemplateBody,
) -> (
    ApiError
    | AtMentionTemplate
    | FileTemplate
    | ImageTemplate
    | MarkdownTemplate
    | MiniProgramTemplate
    | TextTemplate
    | None
):
    """Replace a template (operators). A change of type, content or variables makes a new
    version; accepted messages keep theirs.

    Args:
        id (str):
        body (AtMentionTemplateBody | FileTemplateBody | ImageTemplateBody | MarkdownTemplateBody
            | MiniProgramTemplateBody | TextTemplateBody): A template to create or replace: `content`
            with `{{variable}}` placeholders in its strings, shaped by `message_type`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | AtMentionTemplate | FileTemplate | ImageTemplate | MarkdownTemplate | MiniProgramTemplate | TextTemplate
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
    body: AtMentionTemplateBody
    | FileTemplateBody
    | ImageTemplateBody
    | MarkdownTemplateBody
    | MiniProgramTemplateBody
    | TextTemplateBody,
) -> Response[
    ApiError
    | AtMentionTemplate
    | FileTemplate
    | ImageTemplate
    | MarkdownTemplate
    | MiniProgramTemplate
    | TextTemplate
]:
    """Replace a template (operators). A change of type, content or variables makes a new
    version; accepted messages keep theirs.

    Args:
        id (str):
        body (AtMentionTemplateBody | FileTemplateBody | ImageTemplateBody | MarkdownTemplateBody
            | MiniProgramTemplateBody | TextTemplateBody): A template to create or replace: `content`
            with `{{variable}}` placeholders in its strings, shaped by `message_type`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | AtMentionTemplate | FileTemplate | ImageTemplate | MarkdownTemplate | MiniProgramTemplate | TextTemplate]
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
    body: AtMentionTemplateBody
    | FileTemplateBody
    | ImageTemplateBody
    | MarkdownTemplateBody
    | MiniProgramTemplateBody
    | TextTemplateBody,
) -> (
    ApiError
    | AtMentionTemplate
    | FileTemplate
    | ImageTemplate
    | MarkdownTemplate
    | MiniProgramTemplate
    | TextTemplate
    | None
):
    """Replace a template (operators). A change of type, content or variables makes a new
    version; accepted messages keep theirs.

    Args:
        id (str):
        body (AtMentionTemplateBody | FileTemplateBody | ImageTemplateBody | MarkdownTemplateBody
            | MiniProgramTemplateBody | TextTemplateBody): A template to create or replace: `content`
            with `{{variable}}` placeholders in its strings, shaped by `message_type`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | AtMentionTemplate | FileTemplate | ImageTemplate | MarkdownTemplate | MiniProgramTemplate | TextTemplate
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
