"""Column contracts of every processed table, checked at stage boundaries.

The README's data dictionary documents the same columns; ``tests/test_schemas.py`` keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

ARTICLE_COLUMNS = (
    "article_id", "source_file", "record", "format", "offsets_into", "in_manifest", "encoding",
    "encoding_note", "outlet", "title", "author", "published", "url", "notes", "derived_from", "meta_from_text",
    "n_chars", "text_sha256", "n_paragraphs", "n_removed", "story_cluster", "is_canonical", "canonical_id",
)
PARAGRAPH_COLUMNS = (
    "article_id", "para_index", "para_id", "line_no", "start", "end", "text", "norm_text", "n_words",
    "copy_of", "copy_match", "copy_score",
)
REMOVED_COLUMNS = ("article_id", "line_no", "start", "end", "text", "rule", "rule_kind")
DUPLICATE_COLUMNS = (
    "level", "item_a", "item_b", "article_a", "article_b", "relation", "method", "jaccard",
    "containment_a", "containment_b", "direction_basis",
)
FRAME_COLUMNS = ("safety_consent", "autonomy_choice", "creative_control", "power_hierarchy",
                 "standards_professionalisation", "cost_resources", "craft_recognition", "sex_work_portrayal",
                 "public_reaction")
CODING_COLUMNS = ("polarity", "subjectivity", "vader_compound", "textblob_coverage", "vader_coverage", "stance",
                  "stance_topic", "stance_cues", *FRAME_COLUMNS, "frames", "frame_cues")
# The columns the quote stage writes (icanalysis.quotes.QUOTE_COLUMNS, the fields of its QuoteRow).
EXTRACTED_QUOTE_COLUMNS = (
    "article_id", "quote_id", "kind", "start", "end", "quote", "para_index", "cue", "cue_start", "mention",
    "mention_start", "attribution", "speaker_local", "gender_local", "mention_context", "status",
)
QUOTE_COLUMNS = (
    *EXTRACTED_QUOTE_COLUMNS, *CODING_COLUMNS, "speaker", "speaker_role", "role_source", "power_tier", "gender",
    "quote_cluster", "is_copy",
)
SENTENCE_COLUMNS = ("article_id", "para_index", "sent_index", "start", "end", "text", *CODING_COLUMNS, "is_copy")
SPEAKER_COLUMNS = ("speaker", "role", "role_source", "power_tier", "gender", "organisation", "n_quotes",
                   "n_articles", "aliases_seen")
MERGE_COLUMNS = ("mention", "matched_to", "score", "method", "article_id")
REPORT_COLUMNS = ("file", "record", "status", "reason", "detail", "article_id", "n_paragraphs", "n_removed")

SCHEMAS: dict[str, tuple[str, ...]] = {
    "articles": ARTICLE_COLUMNS,
    "paragraphs": PARAGRAPH_COLUMNS,
    "removed": REMOVED_COLUMNS,
    "duplicates": DUPLICATE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "speakers": SPEAKER_COLUMNS,
    "speaker_merges": MERGE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "run_report": REPORT_COLUMNS,
}


class SchemaError(ValueError):
    """A table does not have the columns its stage promises."""


def check_columns(table: pd.DataFrame, name: str, required: Iterable[str] | None = None) -> pd.DataFrame:
    """Raise :class:`SchemaError` naming missing or unexpected columns; return the table in contract order."""
    expected = tuple(required) if required is not None else SCHEMAS[name]
    missing = [c for c in expected if c not in table.columns]
    unexpected = [c for c in table.columns if c not in expected]
    if missing or unexpected:
        raise SchemaError(f"table {name!r}: missing columns {missing}, unexpected columns {unexpected}; "
                          f"expected {list(expected)}")
    return table.loc[:, list(expected)]
