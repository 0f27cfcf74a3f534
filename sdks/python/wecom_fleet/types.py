"""`UNSET` (an optional argument left out) and the generated client's `Response`."""

from ._generated.types import UNSET, File, Response, Unset

__all__ = ["UNSET", "File", "Response", "Unset"]
