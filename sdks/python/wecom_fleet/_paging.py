"""Auto-paging over the list operations (`Page_*`: `items`, `total`, `page`, `size`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, Callable, Optional

#: The largest page the API serves.
MAX_PAGE_SIZE = 200


def next_page(answer: Any, requested: int) -> Optional[int]:
    """The page to ask for after `answer` (the page numbered `requested`), or None at the end.

    The end: an empty page, or `page * size >= total` (with the page and size the server
    answered, which may differ from those asked for).
    """
    items = getattr(answer, "items", None)
    if not items:
        return None
    page = getattr(answer, "page", None) or requested
    size = getattr(answer, "size", None) or len(items)
    total = getattr(answer, "total", None)
    if total is not None and page * size >= total:
        return None
    return page + 1


def paginate(method: Callable[..., Any], *, page: int = 1, size: int = MAX_PAGE_SIZE, **filters: Any) -> Iterator[Any]:
    """Every item of every page of a list operation, e.g. ``paginate(fleet.accounts.list, status="online")``."""
    current: Optional[int] = page
    while current is not None:
        answer = method(page=current, size=size, **filters)
        yield from answer.items
        current = next_page(answer, current)


async def apaginate(
    method: Callable[..., Awaitable[Any]], *, page: int = 1, size: int = MAX_PAGE_SIZE, **filters: Any
) -> AsyncIterator[Any]:
    """`paginate` for `AsyncFleet`: ``async for account in apaginate(fleet.accounts.list): ...``."""
    current: Optional[int] = page
    while current is not None:
        answer = await method(page=current, size=size, **filters)
        for item in answer.items:
            yield item
        current = next_page(answer, current)
