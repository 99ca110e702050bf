"""The quote stage's settings, its row type and the columns of the ``quotes`` table."""

from __future__ import annotations

from dataclasses import dataclass

from ..schemas import EXTRACTED_QUOTE_COLUMNS

QUOTE_COLUMNS: tuple[str, ...] = EXTRACTED_QUOTE_COLUMNS  # the columns of extract_quotes (schemas.py owns them)
ATTRIBUTIONS: tuple[str, ...] = ("name", "pronoun", "title", "previous", "none")


@dataclass(slots=True)
class QuoteRow:
    """One row of the ``quotes`` table, fields in :data:`QUOTE_COLUMNS` order (see the README's data
    dictionary). Mutable: the attribution passes fill in speakers, the last step the ``quote_id``."""

    article_id: str
    quote_id: str  # "" until the article's rows are sorted
    kind: str  # direct | indirect
    start: int  # the quoted words are text[start:end] (without the marks)
    end: int
    quote: str
    para_index: int
    cue: str  # the reporting verb, ":" or "according to"; "" without a speaker mention
    cue_start: int  # -1 without a cue
    mention: str  # the speaker as written ("she", "Roe", "one user")
    mention_start: int  # -1 without a mention
    attribution: str  # one of ATTRIBUTIONS
    speaker_local: str  # the full name in this article ("" if unresolved)
    gender_local: str  # female | male | unknown
    mention_context: str  # appositive or title phrase next to the speaker
    status: str  # ok | missing_open_mark | unbalanced_marks_resynced


@dataclass(frozen=True)
class QuoteSettings:
    """Options of the quote extractor.

    Args:
        max_quote_chars: a candidate longer than this is not a quote (runaway pairing); default 3000.
        min_words_without_cue: a quoted span with no attribution cue counts as a quote only with at least
            this many words and sentence-like content; default 6.
        min_words_partial: a partial quote governed by a reporting verb (with a resolvable speaker) earlier
            in its sentence needs at least this many words; default 1 (a single reported word, as in
            ``called Doe "sleazy"``, is the speaker's word; ungoverned single words are scare quotes).
        min_words_with_cue: a quote with a cue right next to it needs at least this many words; default 2.
        min_words_lower_partial: quoted words that start in lower case inside the writer's sentence (a partial
            quote: 'called it "a blatant abuse of power"') count without a cue from this many words; default 3.
        cue_window: characters after a closing / before an opening mark searched for a cue; default 160.
        previous_paragraphs: how many paragraphs back a follow-on quote or a pronoun may reach; default 3.
        indirect: also extract indirect (reported) speech; default True.
        single_quotes: "auto" (read single marks as quotation marks outside double-quoted text),
            "never"; default "auto".
        parser: "auto" (parse the attributions the rules cannot settle with spaCy's en_core_web_sm when it is
            installed, else rules only), "spacy" (required: an error without it) or "none" (rules only);
            default "auto". See ``quotes/parse.py``.
        max_marks_per_paragraph: a paragraph with more quotation marks than this (an HTML page of quote
            entities, a scraped table) is not searched for quotes, so one such page cannot stall a run; the
            pipeline records it in the run report; default 400.
    """

    max_quote_chars: int = 3000
    min_words_without_cue: int = 6
    min_words_partial: int = 1
    min_words_with_cue: int = 2
    min_words_lower_partial: int = 3
    cue_window: int = 160
    previous_paragraphs: int = 3
    indirect: bool = True
    single_quotes: str = "auto"
    parser: str = "auto"
    max_marks_per_paragraph: int = 400

    def __post_init__(self) -> None:
        for name in ("max_quote_chars", "min_words_without_cue", "min_words_partial", "min_words_with_cue",
                     "min_words_lower_partial",
                     "cue_window", "previous_paragraphs", "max_marks_per_paragraph"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"QuoteSettings.{name} must be a non-negative int, got {value!r}")
        if self.single_quotes not in ("auto", "never"):
            raise ValueError(f"QuoteSettings.single_quotes must be one of ('auto', 'never'), "
                             f"got {self.single_quotes!r}")
        if self.parser not in ("auto", "spacy", "none"):
            raise ValueError(f"QuoteSettings.parser must be one of ('auto', 'spacy', 'none'), got {self.parser!r}")


@dataclass
class Mention:
    """A speaker as the text names them."""

    text: str  # as written (the speaker phrase: "she", "Roe", "one user", "the star")
    start: int
    kind: str  # name | pronoun | title
    descriptor: str = ""  # role phrase next to it ("intimacy coordinator", "CEO of X")
