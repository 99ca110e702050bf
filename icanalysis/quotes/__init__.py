"""Direct and indirect quotes with character offsets, cue, speaker mention and in-article speaker.

Rule-based and offline (regex + word lists, no model downloads). The stage, module by module
(``extract.py`` runs them in this order):

1. ``marks.py``: the article's kept paragraphs (``paragraph_spans``) and its quotation marks paired paragraph
   by paragraph. Marks are classified open/close by their context (space before, punctuation after), not
   only by glyph, so mixed curly/straight marks, doubled marks, a lost opening mark at a paragraph start and
   a quote that runs over a paragraph break all resolve; an unbalanced mark never runs past its paragraph
   (resynchronised at paragraph ends). Single marks are read as quotation marks only outside accepted
   double-quoted spans and never between letters (apostrophes: ``it's``, ``workers'``, ``'90s``).
2. ``article.py``: the article's people: full names (a nickname between first name and surname is skipped;
   titles, epithets and post-nominals from ``data/name_affixes.csv`` are dropped; "Guild of X" and "Makers'
   Collective" stay whole), their mentions and whether each is a sentence subject, genders (subject pronouns,
   kinship and role nouns) and descriptors (appositive or title phrase).
3. ``cues.py``: attribution by, in order, a cue right after the quote (``," she said``; ``," says Roe``), a
   cue right before it (``Roe concurs: "``; ``Roe says, "``; ``According to Roe, "``; ``As Roe noted, "``), a
   reporting verb earlier in the same sentence (partial quotes inside reported speech), a colon
   introduction; and the speaker mention each cue names.
4. ``accept.py``: is it a quote at all? A cue, length and sentence-like content (first/second person
   pronouns, finite verbs, sentence punctuation) against title shape (capitalised words, no cue) and scare
   quotes (one or two words).
5. ``resolve.py``: the in-article speaker: surnames and first names to the full name introduced in the
   article, pronouns and role nouns to the most recent gender-compatible sentence subject or speaker, first
   in the quote's own paragraph (never a person named inside the quote being attributed, never an
   organisation for he/she, never the object of the pronoun's own introductory phrase), "I" inside a
   transcript turn to the turn's labelled speaker, "the union" to the named organisation, untagged answers
   after a question to the interviewee of a Q&A introduction, follow-on quotes to the previous speaker, and
   an untagged (headline) quote to the speaker of an attributed quote that repeats its words.
6. ``indirect.py``: a reporting verb governing a that-clause (also after an adverbial: ``said in a
   statement that``) or a bare clause (``says it is ...``, ``says budgets remain ...``, ``told pals the
   claims were ...``, ``concedes the service moved ...``, ``spoke about how ...``), ``As Roe puts it, ...``,
   ``According to Roe, ...`` / ``..., according to the union.`` and ``..., Roe says.`` / ``X, Roe says, ...``
   sentences. Decision: an indirect clause that wraps a direct partial quote IS emitted, spanning the whole
   clause with the quoted words and their marks, and overlaps the direct row(s); a clause with fewer than
   two words outside the marks is not (the direct rows carry it). To count statements without double
   counting, take the direct rows plus the indirect rows that contain no direct row.

Word lists, mark sets and patterns live in ``resources.py``; the packaged lexicons (reporting verbs, role
nouns, name affixes) are read by :mod:`icanalysis.lexicons`. The quote row type and the settings are in
``types.py``. :func:`icanalysis.stages.quotes_for_text` runs this stage and the speaker stage on one text.

References: Pareti (2016) PARC 3.0 attribution relations; Asr et al. (2021) Gender Gap Tracker quote
extraction rules (syntactic patterns, reporting-verb lexicon); Muzny et al. (2017) quote attribution
(quote -> mention -> speaker sieve).
"""

from __future__ import annotations

from .extract import extract_quotes, quote_rows, quotes_frame
from .marks import paragraph_spans
from .types import ATTRIBUTIONS, QUOTE_COLUMNS, QuoteRow, QuoteSettings

__all__ = [
    "ATTRIBUTIONS",
    "QUOTE_COLUMNS",
    "QuoteRow",
    "QuoteSettings",
    "extract_quotes",
    "paragraph_spans",
    "quote_rows",
    "quotes_frame",
]
