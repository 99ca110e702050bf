"""Tests for icanalysis.quotes.parse and the attributions it settles: the cue verb's subject where the rules
cannot read it by position, unnamed sources and spokespeople, names of many origins, reported clauses, and
the rules-only path without the model. The passages are invented for these tests, in several house styles."""

from __future__ import annotations

import pytest
from conftest import direct_quotes, indirect_quotes

from icanalysis.quotes import QuoteSettings, extract_quotes
from icanalysis.quotes.marks import doubled_singles_as_marks
from icanalysis.quotes.parse import clause_of, cue_subject, parsed_sentence, parser_available, speech_verbs
from icanalysis.speakers import load_codebook, resolve_speakers


def test_the_model_is_installed() -> None:
    # spaCy and en_core_web_sm come with the package (pyproject, lock file): the parse is not optional here
    assert parser_available(QuoteSettings())


def canonical(text: str) -> list[tuple[str, str, str]]:
    """(quote, canonical speaker, role) of the direct quotes."""
    q, _, _ = resolve_speakers(extract_quotes(text, "t"), load_codebook())
    d = q[q["kind"] == "direct"]
    return list(zip(d["quote"], d["speaker"], d["speaker_role"], strict=True))


SUBJECTS = [
    # wire: a long subject with a company and a job title before the name
    ('"Nobody budgets for this," Northgate Pictures co-founder Ilse Marwick told reporters.',
     [("Nobody budgets for this,", "Ilse Marwick")]),
    # trade: inverted tag, title and place before the name, appositive after it
    ('"We rehearse every kiss," said former Ontario Film Board chair Raymond Okafor, a producer since 1998.',
     [("We rehearse every kiss,", "Raymond Okafor")]),
    # abbreviated title and middle initial
    ('"The guidance is overdue," said Sen. Margaret T. Holloway at the hearing.',
     [("The guidance is overdue,", "Margaret T. Holloway")]),
    # partial quote inside a sentence, tag at its end
    ('The new rules "changed the whole shoot" for the crew, said cinematographer Tomasz Wielgosz.',
     [("changed the whole shoot", "Tomasz Wielgosz")]),
    # particles and a hyphenated double surname
    ('"Consent is not a one-off form," Inés de la Fuente told the panel. "It is a conversation," added '
     'Siobhan Carr-Adebayo.', [("Consent is not a one-off form,", "Inés de la Fuente"),
                              ("It is a conversation,", "Siobhan Carr-Adebayo")]),
    # initials
    ('"I had never worked with one before," said D.K. Arulanandam, who stars in the series.',
     [("I had never worked with one before,", "D.K. Arulanandam")]),
]


@pytest.mark.parametrize(("text", "expected"), SUBJECTS)
def test_parsed_subject_names_the_speaker(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected


def test_a_noun_the_rules_took_for_a_verb_is_not_the_cue() -> None:
    # "remarks" and "States" match reporting-verb forms but are nouns here: the cue is "called"
    text = ('Guild president Odile Marchetti called the studio\'s remarks "a calculated insult" and said the '
            'United States "must catch up".')
    assert direct_quotes(text) == [("a calculated insult", "Odile Marchetti"), ("must catch up", "Odile Marchetti")]


SOURCES = [
    # an unnamed spokesperson speaks for the organisation named with them
    ('"We take every concern seriously," a spokesperson for Larchmont Studios said.',
     [("We take every concern seriously,", "Larchmont Studios", "organisation")]),
    ('"The scene was cut," a Larchmont Studios spokeswoman said on Friday.',
     [("The scene was cut,", "Larchmont Studios", "organisation")]),
    # a named spokesperson is the speaker
    ('"No one was harmed," said Larchmont Studios spokesman Piet Visser.',
     [("No one was harmed,", "Piet Visser", "organisation")]),
    # an anonymous source: no person, the role of the description
    ('A veteran producer, who asked not to be named, said the role had become "a kind of insurance policy".',
     [("a kind of insurance policy", "", "producer")]),
]


@pytest.mark.parametrize(("text", "expected"), SOURCES)
def test_spokespeople_and_unnamed_sources(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert canonical(text) == expected


ROLES = [
    # the job described by a relative clause, named only later by surname
    ('Mira Solberg, who coordinates intimacy on the series, joined in March. "Every scene has a plan," '
     'Solberg said.', "intimacy_coordinator"),
    # a description standing in for the name, resolved to the person introduced before
    ('Ruth Okonjo has worked on forty productions. "Nobody is rushed on my set," the show\'s intimacy '
     'director said.', "intimacy_coordinator"),
    ('Director Paul Verhagen, whose film opens next week, was blunt. "I trust my actors," he said.', "director"),
    # a job predicate after a conjunction is another person's ("... and Baker serves as an executive producer")
    ('Lena Marsh plays herself in the film, and Omar Field serves as an executive producer. "Our coordinator '
     'was there every day," Marsh said.', ""),
]


@pytest.mark.parametrize(("text", "role"), ROLES)
def test_roles_from_descriptions_anywhere_in_the_article(text: str, role: str) -> None:
    assert [r for _, _, r in canonical(text)] == [role]


def test_a_place_in_the_subject_is_not_the_speaker() -> None:
    text = '"We were not told," Dean Mallory, a stagehand from Leeds, England, said.'
    assert direct_quotes(text) == [("We were not told,", "Dean Mallory")]


REPORTED = [
    # the clause ends where the clausal complement ends; "adding" opens a second report
    ("The union's Hana Ibsen said the guild would publish its standards in March, adding that members had "
     "been consulted.", [("the guild would publish its standards in March", "Hana Ibsen"),
                         ("members had been consulted", "Hana Ibsen")]),
    # the tag after the clause
    ("Budgets for low-cost shoots will not stretch that far, the producer Colm Ferris said.",
     [("Budgets for low-cost shoots will not stretch that far", "Colm Ferris")]),
    # a tag between commas inside the sentence: the sentence around it is reported (wire, broadsheet styles)
    ("The studio, Ines Carvalho said, had ignored two requests for a coordinator before filming began.",
     [("The studio, Ines Carvalho said, had ignored two requests for a coordinator before filming began",
       "Ines Carvalho")]),
    ("Her contract, Tomas Reyes told reporters on Tuesday, would be renegotiated next spring.",
     [("Her contract, Tomas Reyes told reporters on Tuesday, would be renegotiated next spring", "Tomas Reyes")]),
    # ... but not the tag's own participle clause after it (trade and magazine styles)
    ("Before any rehearsal, each extra would have had a chance to say what contact they accepted, Priya Natarajan "
     "says, having run ensembles of forty dancers herself on the series.",
     [("Before any rehearsal, each extra would have had a chance to say what contact they accepted",
       "Priya Natarajan")]),
    ("The closed set was agreed weeks earlier, Declan Moyo recalled, pointing to the call sheet on his desk.",
     [("The closed set was agreed weeks earlier", "Declan Moyo")]),
    # "according to": an outlet, a document, unnamed people, a described person
    ("Two of the four coordinators on the series were hired after the complaint, according to Variety.",
     [("Two of the four coordinators on the series were hired after the complaint", "Variety")]),
    ("According to the minutes of the guild's March meeting, members voted to publish a rate card.",
     [("members voted to publish a rate card", "the minutes of the guild's March meeting")]),
    ("The studio is weighing a second closed-set protocol for the sequel, according to people familiar with "
     "the talks.", [("The studio is weighing a second closed-set protocol for the sequel",
                     "people familiar with the talks")]),
    ("According to veteran casting director Alma Ruiz, auditions now include a consent briefing.",
     [("auditions now include a consent briefing", "Alma Ruiz")]),
    ("The studio will keep a coordinator on every unit for the sequel, according to senior production officials.",
     [("The studio will keep a coordinator on every unit for the sequel", "senior production officials")]),
    ("According to early results of a survey run for the guild and three broadcasters by Northfield Research, "
     "most crew members say they want closed sets.",
     [("most crew members say they want closed sets",
       "early results of a survey run for the guild and three broadcasters by Northfield Research")]),
    ("As reported by Screen Ledger, the producers paid for two extra rehearsal days.",
     [("the producers paid for two extra rehearsal days", "Screen Ledger")]),
    # a coordinated verb of saying opens a second report: the first clause stops before it
    ("Mara Quill said that the budget had covered a coordinator and noted that the union had asked for one.",
     [("the budget had covered a coordinator", "Mara Quill")]),
    # a long adverbial between the verb and "that" (wire style), a dateline before the subject
    ("LOS ANGELES, March 3 (Reuters) — Producer Nadia Ferro told delegates at the guild's annual meeting in "
     "Burbank that every closed set would have a coordinator.",
     [("every closed set would have a coordinator", "Nadia Ferro")]),
    # a complement after the verb, not the clause before a dash or colon (magazine, broadsheet styles)
    ("Ada Okafor seems to recognise the problem on her sets — she told the trade paper that her task is to win "
     "back trust.", [("her task is to win back trust", "Ada Okafor")]),
    ("The vote was close: by nearly two to one, members say coordinators should be paid for prep days.",
     [("coordinators should be paid for prep days", "members")]),
    # "tell" + addressee + a clause whose subject the parse took for a second object (committee report)
    ("Ruth Abara, who has coordinated for twelve years, told the committee roughly half of the bookings she "
     "receives come with no paid preparation days.",
     [("roughly half of the bookings she receives come with no paid preparation days", "Ruth Abara")]),
    # a parenthetical tag with an unnamed group and with an inverted subject and its appositive
    ("The studio, officials said, has become wary of closed sets after the complaint.",
     [("The studio, officials said, has become wary of closed sets after the complaint", "officials")]),
    ("That history matters, says Bettina Holm, the veteran intimacy director who trained her in Chicago.",
     [("That history matters", "Bettina Holm")]),
]


@pytest.mark.parametrize(("text", "expected"), REPORTED)
def test_reported_clauses(text: str, expected: list[tuple[str, str]]) -> None:
    assert indirect_quotes(text) == expected


NOT_REPORTED = [
    "Mara Fenn declined to say whether the studio had hired a coordinator.",  # a refusal
    "Lev Adair did not say that the scene was cut.",  # negated
    "The director thinks the scene works.",  # a thought, not speech
    'She told me "it was fine" and honestly you could tell.',  # the quotation is what was said
    "Needless to say, the film earns its rating with plenty of sex.",  # an idiom: no one says it
    "That said, she understands where the actor is coming from.",  # a demonstrative never speaks
    'The coordinator notes [the Academy announced in February that casting will be an award].',  # editor
    "The academy today announced a partnership with Westmere University to offer a certificate.",  # infinitive
    "We spoke about money and why he thinks the job should be boring.",  # an opinion verb without "that"
    '"I have done this for thirty years," said Brennan, who directed the series and co-wrote four of them.',
]


@pytest.mark.parametrize("text", NOT_REPORTED)
def test_no_reported_clause(text: str) -> None:
    assert [c for c, _ in indirect_quotes(text) if '"' not in c] == []


def test_parsed_sentence_maps_back_to_the_text() -> None:
    text = 'Intro. "We rehearse everything," said Ana Ruiz, a producer.'
    lo = text.index('"')
    start = text.index("We")
    parsed = parsed_sentence(text, lo, len(text), [(start, text.index(',"') + 1)])
    verbs = speech_verbs(parsed)
    assert [(tok.text, pos) for tok, pos in verbs] == [("said", text.index("said"))]
    men = cue_subject(parsed, text, text.index("said"))
    assert men is not None and (men.text, men.kind) == ("Ana Ruiz", "name")
    assert text[men.start:men.start + len(men.text)] == "Ana Ruiz"
    assert clause_of(parsed, text, verbs[0][0]) is None  # the quotation is the complement: not a reported clause


def test_doubled_apostrophes_are_quotation_marks() -> None:
    text = "''It is done,'' Mr. Trask said. ''Nobody is going anywhere.''"
    view = doubled_singles_as_marks(text)
    assert len(view) == len(text)
    assert direct_quotes(text) == [("It is done,", "Trask"), ("Nobody is going anywhere.", "Trask")]
    q = extract_quotes(text, "t")
    assert all(text[s:e] == quote for s, e, quote in zip(q["start"], q["end"], q["quote"], strict=True))


def test_rules_only_path_without_the_model() -> None:
    text = '"It was a choice that I made," Jane Roe said. "And I would make it again."'
    rules = extract_quotes(text, "t", settings=QuoteSettings(parser="none"))
    assert list(rules["speaker_local"]) == ["Jane Roe", "Jane Roe"]


def test_parser_setting_is_validated() -> None:
    with pytest.raises(ValueError, match="parser"):
        QuoteSettings(parser="stanza")


FAILURE_SHAPES = [
    # two names in one sentence: the subject speaks, not the object
    ('"We were never asked," Lena Dahl told director Marcus Webb at the read-through.',
     [("We were never asked,", "Lena Dahl")]),
    # a pronoun for a newly introduced person, not the previous speaker
    ('Ann Lowe spoke first. "I felt safe the whole time," she said. Her co-star, Ravi Mehta, disagreed. '
     '"I did not," he said.', [("I felt safe the whole time,", "Ann Lowe"), ("I did not,", "Ravi Mehta")]),
    # a surname shared with a building named after its owner: the person, not the building
    ('Gordon Hale opened Hale Tower in 2009. "The set was closed," Hale said.',
     [("The set was closed,", "Gordon Hale")]),
    # names of many origins linked to their later surname-only mentions
    ('Pieter van der Berg and Zoë Ngọc-Anh run the course. "It is a craft," Ngọc-Anh said.',
     [("It is a craft,", "Zoë Ngọc-Anh")]),
    # a city is never a speaker
    ('In Toronto, the producers were divided. "We budget for it," said Toronto producer Maya Roth.',
     [("We budget for it,", "Maya Roth")]),
]


@pytest.mark.parametrize(("text", "expected"), FAILURE_SHAPES)
def test_failure_shapes_of_issue_9(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected


def test_gender_comes_from_pronouns_about_that_person_only() -> None:
    text = ('Ann Lowe spoke first. "I felt safe," she said. Her co-star, Ravi Mehta, disagreed. "I did not," he '
            'said. "Not once," Lowe added.')
    q = extract_quotes(text, "t")
    genders = dict(zip(q["speaker_local"], q["gender_local"], strict=False))
    assert genders == {"Ann Lowe": "female", "Ravi Mehta": "male"}
