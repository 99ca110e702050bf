"""Memoisation of pure per-text functions across a whole run, keyed by a digest of the text.

Syndicated copies and stock lines repeat sentences verbatim (41% of the sentences of the 100k synthetic
archive repeat an earlier one), so the codings of a text are computed once per worker process. The key is a
128-bit BLAKE2b digest of the text plus the function's other (hashable) arguments, so the memo keeps ~0.25 KB
per distinct text whatever its length, never the text itself. A full memo is emptied at once (simple, and
only ever costs recomputation).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")


def text_memo(max_entries: int = 1 << 21) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorator for ``fn(text: str, *hashable_args) -> R`` (pure: same arguments, same result)."""

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        store: dict[tuple[Any, ...], R] = {}

        @functools.wraps(fn)
        def memoised(text: str, *args: Any) -> R:
            key = (hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(), *args)
            found = store.get(key)
            if found is None:
                found = fn(text, *args)
                if len(store) >= max_entries:
                    store.clear()
                store[key] = found
            return found

        memoised.cache_clear = store.clear  # type: ignore[attr-defined]
        return memoised

    return decorate
