"""The per-run text memo: same results as the function, keyed by text and the other arguments."""

from __future__ import annotations

from icanalysis.memo import text_memo


def test_memo_returns_the_function_result_once_per_distinct_text_and_arguments():
    calls: list[tuple[str, int]] = []

    @text_memo(max_entries=3)
    def length_plus(text: str, extra: int) -> int:
        calls.append((text, extra))
        return len(text) + extra

    assert [length_plus("abc", 1), length_plus("abc", 1), length_plus("abc", 2), length_plus("abcd", 1)] == [4, 4, 5, 5]
    assert calls == [("abc", 1), ("abc", 2), ("abcd", 1)]  # the repeat was not recomputed
    # a fourth entry empties the full memo (max_entries=3); results stay right, "abc" is computed again
    assert length_plus("naïve – “quoted”", 0) == len("naïve – “quoted”")
    assert length_plus("x", 0) == 1
    assert length_plus("abc", 1) == 4 and calls[-1] == ("abc", 1) and len(calls) == 6
    length_plus.cache_clear()
    length_plus("abc", 1)
    assert calls[-1] == ("abc", 1) and len(calls) == 7
