"""Quotation-mark sets, word lists and compiled patterns of the quote stage, in one place (like textacy's
``resources.py``).

Patterns built from the packaged lexicons (reporting verbs, role nouns: :mod:`icanalysis.lexicons`) are
compiled once, on first use. Short structural patterns that one function reads (``,\\s*$``) stay next to it;
every pattern that carries a word list is here. The word lists are the extractor's rules: a word added here
changes what is read as a name, a title or a cue, so change them with the test tables
(``tests/quotes/``) and the accuracy gates in view.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..lexicons import reporting_verbs, role_nouns
from ..sentences import trie_alternation
from ..textnorm import fold_name

# --------------------------------------------------------------------------------------------------
# Quotation marks (marks.py)

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
DOUBLE_AMBIG = "\"″＂"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
SINGLE_AMBIG = "'′"
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_AMBIG
SINGLE_MARKS = SINGLE_OPEN + SINGLE_CLOSE + SINGLE_AMBIG
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS
OPEN_CONTEXT = "([{—–-/"  # a mark after one of these opens a quote
CLOSE_CONTEXT = ".,;:!?)]}—–-…"  # a mark before one of these closes a quote
# A single mark before one of these words is an apostrophe ('em, 'til, 'cause).
ELISIONS = frozenset({"em", "til", "cause", "n", "tis", "twas", "bout", "round", "cos"})

# --------------------------------------------------------------------------------------------------
# Pronouns and sentence-like content (accept.py, article.py, resolve.py)

PRONOUNS_SUBJECT = {"she": "female", "he": "male", "they": "unknown"}
PRONOUNS_GENDERED = {"she": "female", "her": "female", "hers": "female", "herself": "female",
                     "he": "male", "him": "male", "his": "male", "himself": "male"}
FIRST_SECOND = frozenset({"i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "my", "mine",
                          "myself", "we", "we're", "we’re", "we've", "we’ve", "us", "our", "ours", "you",
                          "your", "you're", "you’re", "yours", "we'll", "we’ll", "you'll", "you’ll"})
FINITE = frozenset({
    "is", "are", "was", "were", "am", "has", "have", "had", "do", "does", "did", "will", "would", "can",
    "could", "should", "shall", "may", "might", "must", "isn't", "aren't", "wasn't", "weren't", "don't",
    "doesn't", "didn't", "won't", "wouldn't", "can't", "couldn't", "shouldn't", "it's", "that's", "there's",
    "what's", "he's", "she's", "they're", "isn’t", "aren’t", "wasn’t", "weren’t", "don’t", "doesn’t",
    "didn’t", "won’t", "wouldn’t", "can’t", "couldn’t", "shouldn’t", "it’s", "that’s", "there’s", "what’s",
    "he’s", "she’s", "they’re", "think", "know", "want", "need", "feel", "makes", "felt", "said",
    "says", "get", "got", "let", "love", "hate", "believe", "mean", "seems", "looks", "goes", "went",
})
# Small words a capitalised title may keep in lower case ("Bodies at Work").
TITLE_SMALL = frozenset({"of", "the", "a", "an", "and", "or", "in", "on", "for", "to", "at", "with", "from",
                         "by", "as", "vs", "de", "la", "le", "du", "des", "von", "van", "der", "d’", "d'"})
# A word right before an opening mark that makes the quoted text a title.
TITLE_CUES = frozenset({"titled", "entitled", "named", "dubbed", "film", "movie", "series", "show", "book",
                        "memoir", "album", "song", "novel", "documentary", "play", "episode", "podcast",
                        "sitcom", "drama", "comedy", "thriller", "musical", "revival", "short"})
# Words that may follow a partial quote in running text (a content word there marks modifier use).
FUNCTION_WORDS = frozenset({
    "of", "in", "on", "at", "for", "to", "from", "by", "with", "about", "as", "than", "and", "or", "but",
    "nor", "so", "yet", "because", "if", "when", "while", "that", "which", "who", "it", "he", "she", "they",
    "we", "i", "you", "is", "was", "are", "were", "be", "been", "has", "had", "have", "will", "would", "can",
    "could", "should", "may", "might", "must", "do", "does", "did", "not", "after", "before", "during",
    "over", "into", "onto", "again", "too", "also", "then", "there", "this", "these", "those", "its", "his",
    "her", "their", "our", "my", "your", "a", "an", "the", "said", "says", "say", "told", "one", "all",
})

# --------------------------------------------------------------------------------------------------
# Names, titles and organisations (article.py, cues.py)

NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "del", "bin",
                            "al", "ter", "dos", "das", "ó", "ní", "nic", "ibn", "binti", "bint", "el"})
# The particles a cue pattern lets into a name after a capitalised word ("Ana de Souza said"), as a regex
# alternation: a smaller set than NAME_PARTICLES, which the name finder uses.
CUE_NAME_PARTICLES = "de|van|von|der|da|di|le|la"
# Capitalised words that start sentences or name things, never a person's name.
NOT_NAME = frozenset({
    "the", "a", "an", "and", "but", "or", "so", "if", "in", "on", "at", "to", "for", "of", "as", "by", "it",
    "its", "it's", "it’s", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my",
    "this", "that", "these", "those", "there", "here", "what", "why", "how", "when", "where", "who",
    "while", "whereas", "although", "though", "after", "before", "since", "until", "according", "with",
    "without", "from", "into", "about", "despite", "given", "indeed", "meanwhile", "now", "then", "still",
    "yet", "also", "only", "even", "just", "both", "one", "some", "many", "most", "all", "each", "every",
    "another", "others", "other", "no", "not", "yes", "mr", "mrs", "ms", "dr", "sir", "dame", "lady", "lord",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "speaking",
    "ideally", "additionally", "furthermore", "however", "instead", "contrast", "think", "join", "see",
    "popular", "courtesy", "source", "published", "copyright", "read", "more", "related", "photo",
    "getty", "images", "reuters", "ap", "afp", "bbc", "cnn", "oscars", "academy", "award",
    "awards", "best", "picture", "film", "films", "festival", "hollywood", "netflix", "hbo", "variety",
    "god", "ok", "okay", "thanks", "thank", "hi", "hello", "hey", "wow", "well", "yeah", "sorry",
    "first", "last", "next", "new", "old", "good", "great", "sex", "men", "women", "people", "everyone",
    # closed-class words (prepositions, conjunctions, determiners, adverbs) capitalised at a sentence start
    "like", "unlike", "outside", "inside", "under", "over", "between", "among", "amid", "against", "during",
    "through", "throughout", "toward", "towards", "upon", "within", "beyond", "near", "via", "whether",
    "unless", "once", "because", "whose", "whom", "which", "few", "several", "such", "any", "either",
    "neither", "nor", "much", "behind", "below", "above", "across", "along", "around", "besides", "beside",
    "except", "whatever", "whoever", "whenever", "wherever", "nevertheless", "nonetheless", "moreover",
    "likewise", "perhaps", "maybe", "earlier", "later", "today", "tonight", "yesterday", "tomorrow", "ever",
    "never", "always", "often", "sometimes", "again", "already", "almost", "rather", "quite", "very", "too",
    "thus", "hence", "therefore", "otherwise", "asked", "said", "says", "told", "following",
})
# Words that never continue a person's name: "Pence Thursday", "Roe September" (April, May, June, August
# are names too: "Theresa May" stays whole).
NAME_STOPS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                        "january", "february", "march", "july", "september", "october", "november",
                        "december", "jan", "feb", "sept", "oct", "nov", "dec", "today", "tonight", "yesterday"})
# A capitalised phrase holding one of these names an organisation, a work or an event, not a person.
ORG_WORDS = frozenset({
    "inc", "inc.", "ltd", "llc", "corp", "company", "studios", "studio", "pictures", "films", "film",
    "entertainment", "media", "group", "festival", "awards", "academy", "university", "college", "times",
    "magazine", "news", "post", "journal", "guardian", "telegraph", "reporter", "review", "network",
    "records", "productions", "association", "guild", "union", "council", "institute", "foundation",
    "society", "club", "collection", "center", "centre", "school", "museum", "theatre", "theater",
    "coordinators", "directors", "committee", "department", "agency", "bureau", "ministry", "party",
    "street", "beach", "city", "state", "county", "island", "globes", "emmys", "baftas", "day", "week",
    "year", "story", "season", "series", "show", "games", "game", "revival",
    "oscars", "oscar", "picture", "actress", "actor", "screenplay", "bafta", "prize",
    "alliance", "collective", "coalition", "federation", "league", "commission", "tribunal",
    "technologies", "technology", "systems", "holdings", "partners", "capital", "labs", "industries", "motors",
    "airlines", "bank", "communications", "enterprises", "ventures", "solutions", "services", "worldwide",
    "insider", "tribune", "herald", "gazette", "daily", "weekly", "radio", "television", "tv", "online"})
# Head nouns of organisation names: "Guild of X", "X Makers' Collective" stay one name.
ORG_HEADS = frozenset({
    "alliance", "association", "academy", "guild", "union", "collective", "coalition", "federation", "league",
    "council", "society", "institute", "foundation", "committee", "commission", "board", "trust", "fund",
    "network", "festival", "school", "university", "college", "museum", "agency", "bureau", "ministry",
    "department", "office", "court", "tribunal", "club", "centre", "center", "company", "group", "party",
})
# Heads of organisation names, for "the union", "the guild" referring back to a named organisation.
ORG_NOUNS = frozenset({"collective", "coalition", "union", "guild", "studio", "studios", "network", "platform",
                       "streamer", "broadcaster", "company", "festival", "council", "association", "agency",
                       "academy", "alliance", "channel", "service", "website", "site", "paper", "magazine",
                       "group", "committee", "board", "body", "organisation", "organization", "federation",
                       "society", "institute", "foundation", "local", "league", "ministry", "department",
                       "commission", "charity", "distributor", "campaign", "government", "administration",
                       "team", "office", "town", "city", "county", "state", "party", "court", "newspaper",
                       "station", "firm", "studio's", "producers"})
# A capitalised phrase opening with one of these is a title ("Five Short Tales"), not a person.
NUMBER_WORDS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
                          "twenty", "fifty", "hundred", "thousand", "million"})
# Tabloid epithets written capitalised at a sentence start before a name ("Brave Jane Roe").
EPITHETS = frozenset({"brave", "glam", "glamorous", "heartthrob", "hunk", "beauty", "stunning", "tragic",
                      "troubled", "telly", "soap", "reality", "legend", "legendary", "pregnant", "newlywed",
                      "mum", "dad", "singer", "rapper", "model", "busty", "fiery", "outspoken", "smitten",
                      "loved-up", "bombshell", "superstar", "megastar", "icon", "queen", "king", "hero",
                      "heroine", "star", "stars", "favourite", "favorite", "presenter", "host", "sir", "dame"})
# Modifiers of a role noun ("veteran producer", "British actor"); with the words of role_nouns.csv they make
# up role_tokens(), the words a title before a name may consist of.
ROLE_MODIFIERS = frozenset({
    "veteran", "acclaimed", "award-winning", "oscar-winning", "famed", "former", "independent", "indie",
    "british", "american", "french", "film", "stunt", "intimacy", "hollywood", "new", "young", "fellow", "co",
    "lead", "german", "swedish", "spanish", "canadian", "australian", "irish", "italian", "danish", "dutch",
})
# Words that may open an appositive naming a role besides a determiner or a capital ("Jo Roe, head of ...").
APPOSITIVE_OPENERS = ("one", "head", "chief", "co-founder", "founder", "who", "whose")
# Kinship and role nouns that state a person's gender when they stand before the name ("his wife, Jo Roe");
# "" for nouns said of anyone ("actor").
GENDERED_NOUNS = {
    "actress": "female", "frontwoman": "female", "spokeswoman": "female", "stuntwoman": "female",
    "wife": "female", "mother": "female", "daughter": "female", "mum": "female", "mom": "female",
    "sister": "female", "girlfriend": "female", "actor": "", "frontman": "male", "spokesman": "male",
    "stuntman": "male", "husband": "male", "father": "male", "son": "male", "dad": "male", "brother": "male",
    "boyfriend": "male",
}

# --------------------------------------------------------------------------------------------------
# Words around a mention: is it the subject of its sentence? (article.py, cues.py)

ADVERB_WORDS = frozenset({"also", "later", "previously", "once", "then", "further", "recently", "again",
                          "simply", "just", "now", "still", "even", "often", "famously", "first", "too",
                          "finally", "earlier", "separately", "tersely", "flatly", "bluntly"})
DETERMINERS = frozenset({"the", "its", "his", "her", "their", "a", "an", "our", "this", "that", "one",
                         "another", "some", "several", "many", "two", "three", "other", "film’s", "film's",
                         "show’s", "show's", "project’s", "project's", "movie’s", "movie's", "series’"})
SUBORDINATORS = frozenset({"where", "when", "how", "why", "what", "whether", "if", "because", "that",
                           "who", "whom", "whose", "which", "while", "though", "although", "than", "as"})
PREPOSITIONS = frozenset({"with", "to", "by", "for", "of", "from", "about", "at", "in", "on", "than", "like",
                          "and", "or", "into", "onto", "against", "toward", "towards", "without", "under",
                          "over", "between", "among", "after", "before", "behind", "around", "via", "per",
                          "have", "has", "had", "call", "called", "asked", "told", "tell", "thank",
                          "thanked", "praised", "criticised", "criticized", "slammed", "hired", "cast",
                          "starring", "opposite", "alongside", "beside", "whom", "where", "said", "says"})
VERBISH_AFTER = frozenset({"is", "was", "has", "had", "would", "will", "can", "could", "should", "may",
                           "might", "must", "does", "did", "are", "were", "went", "made", "spoke", "began",
                           "wrote", "read", "took", "gave", "got", "felt", "knew", "thinks", "sees", "saw"})

# --------------------------------------------------------------------------------------------------
# Anonymous speakers (cues.py, resolve.py, indirect.py)

ANONYMOUS_HEADS = frozenset({"one", "another", "some", "several", "many", "others", "a", "an"})
# Nouns of people who speak for an organisation or a person: credited to whom they speak for when unnamed.
SPOKES_NOUNS = frozenset({"spokesperson", "spokeswoman", "spokesman", "spokespeople", "spokespersons",
                          "representative", "rep", "representatives", "publicist", "spokeswomen", "spokesmen",
                          "statement", "release", "letter", "memo", "email", "post", "tweet", "website"})
# Heads of descriptions that name a document, a count or a rule, never a person: "the Fox poll" is not
# resolved to a person the way "the director" is.
SOURCE_NOUNS = frozenset({"poll", "polls", "survey", "surveys", "study", "studies", "report", "reports", "index",
                          "filing", "filings", "document", "documents", "data", "records", "record", "count",
                          "tally", "law", "laws", "rule", "rules", "sheet", "statement", "letter", "memo", "email",
                          "emails", "website", "ad", "advert", "article", "book", "memoir", "analysis", "estimate",
                          "estimates", "release", "complaint", "ruling", "lawsuit", "suit", "order", "bill",
                          "figures", "numbers", "projections", "summary", "transcript", "contract",
                          "guidelines", "policy", "code", "charter", "minutes", "footage", "video", "post",
                          "tweet", "petition", "review", "paper", "research", "census", "results", "tracker"})
# Heads of descriptions of unnamed people that are not job titles ("one crew member", "a source close to").
UNNAMED_HEADS = frozenset({"member", "source", "insider", "official", "person", "worker", "woman", "man",
                           "executive", "staffer", "friend", "colleague", "performer", "listener", "parent"})
ANONYMOUS_NOUNS = frozenset({"user", "users", "fan", "fans", "critic", "critics", "commenter", "commenters",
                             "viewer", "viewers", "poster", "posters", "observer", "observers", "person",
                             "people", "insider", "insiders", "source", "sources", "redditor", "redditors",
                             "follower", "followers", "writer", "reader", "readers", "tweet", "post", "troll",
                             "trolls"})

# --------------------------------------------------------------------------------------------------
# Reported speech (indirect.py)

# Verbs of opinion, not of saying: the parse never reports their clause, the rules only after "that".
THOUGHT_VERBS = frozenset({"believe", "think", "feel", "express", "make clear"})
# Capitalised words the name finder never takes for a person that can still be a source after "according to".
NAMED_NOT_PERSON = frozenset({"reuters", "ap", "afp", "bbc", "cnn", "netflix", "hbo", "variety", "academy"})
# Unnamed groups a report can be credited to ("according to people familiar with the talks").
UNNAMED_GROUPS = frozenset({"people", "sources", "officials", "aides", "witnesses", "insiders", "friends",
                            "colleagues", "residents", "analysts", "experts", "critics", "observers"})
# Verbs whose infinitive complement reports nothing ("declined to say").
REFUSAL_VERBS = frozenset({"declined", "declines", "decline", "refused", "refuses", "refuse", "failed", "fails"})

# --------------------------------------------------------------------------------------------------
# Compiled patterns

WORD_RE = re.compile(r"\w(?:[\w’'\-]*\w)?")
LINE_RE = re.compile(r"[^\n]+")
DECADE_RE = re.compile(r"\d\d(s\b|\b)")  # after an apostrophe: ’90s
LETTERS_RE = re.compile(r"[A-Za-z]+")
ACCORDING_RE = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
GENDERED_PRONOUN_RE = re.compile(r"\b(" + "|".join(PRONOUNS_GENDERED) + r")\b", re.IGNORECASE)
GENDERED_NOUN_RE = re.compile(r"\b(" + "|".join(GENDERED_NOUNS) + r")\b,?\s+([A-Z])")
# he/she opening a sentence or following an introductory clause.
SUBJECT_PRONOUN_RE = re.compile(r"(?:^|[.!?]\s+|,\s+|\b(?:and|but|when|while|as|after|before|because|if|so|"
                                r"then|until|since|though|although)\s+)(She|He|she|he)\b")
# An adverb or auxiliary between a speaker and the reporting verb ("Roe previously told", "Doe has said").
ADVERB_TAIL_RE = re.compile(r"\s(\w+ly|" + "|".join(sorted(ADVERB_WORDS))
                            + r"|has|have|had|will|would|could|may|might|must|did|does|do)\s*$")
# A group of people as a subject ("Some social media users", "Many fans").
GROUP_SUBJECT_RE = re.compile(r"\b((?:[Ss]ome|[Mm]any|[Ss]everal|[Oo]ther|[Oo]ne|[Aa]nother)\s+(?:social[- ]media\s+)?"
                              r"(?:users|fans|critics|commenters|viewers|observers|posters|people|readers|user|fan|"
                              r"critic|commenter|viewer|reader))\b")
# Names in cue patterns: a name after an appositive comma ("..., Jane de Roe, said"); an organisation after
# "the" ("..., the Guild of X, said"); a name then its appositive ("Jane Roe, CEO of X,"); a name ending the
# text before the verb; a descriptor then a name after an inverted verb ("says veteran producer Jane Roe").
APPOSITIVE_NAME_RE = re.compile(r",\s+([A-Z][\w’'\-+]*(?:\s+(?:[A-Z][\w’'\-+]*|" + CUE_NAME_PARTICLES + r")){0,3})$")
APPOSITIVE_ORG_RE = re.compile(r",\s+the\s+([A-Z][\w’'\-+]*(?:\s+(?:[A-Z][\w’'\-+]*|of|and|for|&)){0,5})$")
NAME_THEN_APPOSITIVE_RE = re.compile(r"([A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|" + CUE_NAME_PARTICLES + r"))*)\s*,\s*"
                                     r"([^,]{2,120}(?:,[^,]{2,40})?)$")
NAME_AT_END_RE = re.compile(r"((?:[A-Z][\w’'\-]*)(?:\s+(?:[A-Z][\w’'\-]*|" + CUE_NAME_PARTICLES + r"|d’|d'))*)$")
NAME_AFTER_VERB_RE = re.compile(r"\s+((?:[\w’'\-]+,?\s+){0,6}?)([A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|"
                                + CUE_NAME_PARTICLES + r"))*)")
# The group noun "one"/"another" refers back to ("Some fans ... one said" -> "one fan").
GROUP_NOUN_RE = re.compile(r"\b(users|fans|commenters|viewers|critics|readers|posters|followers|people|trolls|"
                           r"user|fan|commenter|viewer|critic|reader|poster|follower|troll)\b", re.IGNORECASE)
# A nickname between first name and surname: Ray "The Hammer" Dolan.
NICKNAME_RE = re.compile(r"(?P<first>(?:[A-Z][\w’'\-]*\s+){0,2}[A-Z][\w’'\-]*)\s+[“\"‘'](?P<nick>[^“”\"‘’'\n]{1,30})[”\"’']"
                         r"\s+(?P<last>[A-Z][\w’'\-]*)")
# What may follow the verb of a tag that stands after a sentence-final quote ('“...” Roe said on Monday.').
TAG_END_RE = re.compile(r"\s*(?:[.,;:!?—–]|$)|\s+(?:to|on|in|at|of|about|during|after|before|last|this|earlier|"
                        r"later|recently|yesterday|today|afterwards|when|while|as|with|from|over|again|back|"
                        r"[A-Z])")
# A transcript turn: "[00:14:32] JESS ORTEGA: ...", "GUEST (Jane Roe): ...".
TURN_LABEL_RE = re.compile(r"(?:\[[\d:]+\]\s*)?(?P<label>[A-Z][A-Z.'’\- ]{1,40}?)(?:\s*\((?P<name>[^)]{2,60})\))?:\s")
# The interviewee of a Q&A introduction: "Five questions for Jane Roe", "In conversation with Jane Roe".
INTERVIEWEE_RE = re.compile(r"\b(?:questions|Q&A|interview|conversation|chat|talks?|sat\s+down|sits\s+down)\s+(?:for|with)\s+"
                            r"(?P<name>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){1,2})")

# Indirect speech (indirect.py)
LEAD_CONNECTIVE_RE = re.compile(r"^(?:But|And|So|Yet|Still|Indeed)\s+")
ACCORDING_LEAD_RE = re.compile(r"^(?:(?:But|And|Yet|So),?\s+)?(?P<cue>[Aa]ccording\s+to)\s+(?P<who>[^,;:“”\"]{2,120}?),\s+")
AS_REPORTED_BY_RE = re.compile(r"^(?:(?:But|And|Yet|So),?\s+)?[Aa]s\s+(?P<verb>reported|noted|stated|announced|revealed|"
                               r"first reported)\s+by\s+(?P<who>[^,;:“”\"]{2,80}?),\s+")
ACCORDING_APPOS_RE = re.compile(r"^(?:(?:But|And|Yet|So),?\s+)?(?P<cue>[Aa]ccording\s+to)\s+(?P<who>[^,;:“”\"]{2,80}?)"
                                r",\s+(?P<appos>[a-z][^,;:“”\"]{2,100}),\s+")
ACCORDING_TAIL_RE = re.compile(r",\s+(?P<cue>according\s+to)\s+(?P<who>[^,;:“”\"]{2,80}?)\s*(?:,[^“”\"]*)?[.!?]?\s*$")
# A source named after "according to": "a new study by the X".
STUDY_SOURCE_RE = re.compile(r"(?:an?|the|one)\s+(?:new\s+|recent\s+)?(?:study|report|survey|analysis|review|poll|"
                             r"statement)\s+(?:from|by|of)\s+(?:the\s+)?(?=[A-Z])")
# A refusal to speak before the verb: "declined to say", "did not say".
REFUSAL_RE = re.compile(r"\b(?:declined|refused|declining|refusing|failed|not|n[’']t|never)\s+(?:to\s+)?$")
# A participle tag that ends a reported clause: ", adding that ...".
PARTICIPLE_TAG_RE = re.compile(r",\s+(?:adding|saying|noting|explaining|arguing|insisting|claiming)\b")

# The pieces of the indirect-speech patterns (indirect_patterns() fills in the reporting verbs).
# An adverbial between the verb (and its addressee) and "that": "said in a statement that", "wrote on X that".
_ADVERBIAL_RE = (r"(?:\s+(?:on|in|at|during|after|before|via|over|through|to|from|with|earlier|later|last|this|"
                 r"yesterday|today|previously|repeatedly|publicly|privately|recently|again)\b"
                 r"(?:\s+(?!that\b)[\w’'\-\.+]+){{0,5}}?)?")
_THAT_RE_TMPL = (r"(?P<verb>{verbs})(?:\s+(?P<obj>[A-Z][\w’'\-\.]*(?:\s+(?:[A-Z][\w’'\-\.]*|and)){{0,4}}|him|her|"
                 r"them|me|us|reporters|journalists|the\s+\w+|an?\s+\w+))?" + _ADVERBIAL_RE + r"(?:\s+out)?\s+that\s+")
# A finite verb opening the predicate of a bare reported clause (auxiliaries, past tense, common irregular pasts).
_AUX = (r"(?:is|was|are|were|has|had|have|will|would|could|should|may|might|must|can|did|does|do|"
        r"isn[’']t|wasn[’']t|aren[’']t|weren[’']t|hasn[’']t|hadn[’']t|won[’']t|wouldn[’']t|couldn[’']t|"
        r"can[’']t|didn[’']t|doesn[’']t|don[’']t)")
_PAST = (r"(?:[a-z]{{2,}}ed(?!\s+by\b)|came|went|made|took|gave|got|felt|knew|saw|thought|left|lost|won|began|"
         r"became|kept|brought|found|ran|held|stood|paid|met|sent|spent|built|meant|heard|broke|chose|fell|grew|"
         r"led|sold|understood|needs|wants|remains)")
_NOTHAT_RE_TMPL = (r"(?P<verb>{verbs})\s+(?=(?:it|she|he|they|there|we|I|you)\s+\w|(?:how|why|what|whether|while)\s+[“\"‘]?\w"
                   r"|(?:is|was|are|were|has|had|will|would)\s+\w"
                   r"|(?:the|a|an|this|that|these|those|his|her|their|its|our|more|most|many|some)\s+"
                   r"(?:(?!(?:and|or|but|then)\b)[\w’'\-]+\s+){{0,5}}?(?:" + _AUX + "|" + _PAST + r")\s+[\w“\"‘']"
                   r"|(?:the|a|an|this|these|those|his|her|their|its|our|more|most|many|some)\s+"
                   r"(?:(?!(?:and|or|but|then)\b)[\w’'\-]+\s+){{1,4}}?[a-z]+[^s\W’']s\s+[\w“\"‘']"
                   r"|(?:[A-Z][\w’'\-+]*\s+){{1,3}}(?:" + _AUX + "|" + _PAST + r"|[a-z]+[^s\W’']s)\s+[\w“\"‘']"
                   r"|[a-z][\w’'\-]+\s+(?:" + _AUX + "|" + _PAST + r")\s+[\w“\"‘'])")
# "told pals the ... was", "told reporters he would": an addressee, then a bare clause.
TELL_VERBS = ("tell", "tells", "told", "telling", "assured", "assures", "warned", "warns", "reminded", "reminds")
_TELL_OBJ_RE_TMPL = (r"(?P<verb>" + "|".join(TELL_VERBS) + r")\s+"
                     r"(?P<obj>him|her|them|me|us|[a-z]+s|[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){{0,2}}|"
                     r"(?:the|this|his|her|their|a)\s+[a-z]+)\s+")
# "says budgets remain ...": say never takes a bare object, so a following word that is not an adverbial,
# a pronoun object or a quotation mark opens the reported clause.
_SAY_VERBS = ("says", "said", "say")
_SAY_BARE_RE_TMPL = (r"(?P<verb>" + "|".join(_SAY_VERBS) + r")\s+(?=(?!(?:in|on|at|to|of|about|during|after|before|with|from|for|by|"
                     r"over|nothing|something|anything|everything|so|yes|no|goodbye|hello|sorry|thanks|thank|little|"
                     r"much|more|less|that|this|it|when|as|than|while|if|afterwards|later|earlier|last|yesterday|"
                     r"today|recently|previously|once|again|too|also|repeatedly|simply|only|just|then|though|however|"
                     r"but|and|or|nor|what|how|who|why|hi|a\s+few|a\s+word|a\s+lot|the\s+same|the\s+words?|"
                     r"grace|amen|cheese|please|otherwise|aloud|out\s+loud|(?:her|his|their|my|our|your|its)\s+"
                     r"(?:goodbyes?|farewells?|piece|prayers?|lines?|vows|name|thanks))\b)[A-Za-z])")
_FRONTED_RE_TMPL = r"^(?:And\s+|But\s+)?[Aa]s\s+(?P<who>[^,]{{2,60}}?)\s+(?P<verb>{verbs})(?:\s+it)?(?:\s+\w+){{0,3}},\s+"

# --------------------------------------------------------------------------------------------------
# Patterns built from the lexicons (compiled on first use)


def _verb_start(forms: list[str]) -> str:
    """A lookahead that holds where one of ``forms`` may begin (its first word does).

    Put before an alternation of the forms it only skips positions where no branch could match, so the
    matches stay the same; it saves trying every branch at every word.
    """
    return f"(?={trie_alternation(sorted({f.split()[0] for f in forms}))})"


def _verb_alternation(forms: list[str]) -> str:
    """The forms, longest first, as a regex alternation (a space in a form matches any whitespace)."""
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))


@cache
def verb_pattern() -> re.Pattern[str]:
    """Any reporting-verb form as a whole word (case-insensitive)."""
    forms = sorted(reporting_verbs(), key=len, reverse=True)
    return re.compile(rf"\b{_verb_start(forms)}(?:{_verb_alternation(forms)})\b", re.IGNORECASE)


@cache
def trailing_pattern() -> re.Pattern[str]:
    """A tag after the reported clause: ``..., Roe says.`` / ``X, she said, Y`` (``who``, ``verb``, ``end``)."""
    alts = _verb_alternation(list(reporting_verbs()))
    return re.compile(r"[,”\"’]+\s+(?P<who>(?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w’'\-]*|she|he|they|the\s+[a-z]+)\s+"
                      r"(?:\w+ly\s+)?(?P<verb>" + alts + r")\b(?:\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})?"
                      r"(?P<end>\s*\.|\s*,\s+|\s+of\s+[^,.]{1,40}\.|\s+(?:on|in|at|last|this|earlier|late|yesterday|"
                      r"today|overnight)\b[^,.;:“”\"]{1,40}\.)")


@cache
def tag_at_end_pattern() -> re.Pattern[str]:
    """A short tag closing a sentence after a comma, whatever its subject or order: ``..., the producer Jo Roe
    said on Tuesday.``, ``..., said the company's chief executive, Jo Roe.`` (a trigger for the parse, which
    finds the subject and the clause)."""
    alts = _verb_alternation(list(reporting_verbs()))
    return re.compile(r",\s+(?:[\w’'\-.]+\s+){0,6}(?:" + alts + r")\b[^;:“”\"]{0,60}[.!?]?\s*$", re.IGNORECASE)


@cache
def indirect_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(that-clause, bare clause, fronted "As Roe puts it,") patterns of reported speech.

    The bare-clause pattern names its verb group ``verb`` (a reporting verb), ``verb2`` (tell + addressee) or
    ``verb3`` (say + a clause without "that").
    """
    forms = sorted((f for f, v in reporting_verbs().items() if v.takes_that), key=len, reverse=True)
    alts = _verb_alternation(forms)
    clause = _NOTHAT_RE_TMPL.format(verbs="")[len("(?P<verb>)\\s+"):]
    tell = _TELL_OBJ_RE_TMPL.format().replace("(?P<verb>", "(?P<verb2>").replace("(?P<obj>", "(?:")
    say = _SAY_BARE_RE_TMPL.format().replace("(?P<verb>", "(?P<verb3>")
    return (re.compile(r"\b" + _verb_start(forms) + _THAT_RE_TMPL.format(verbs=alts)),
            re.compile(r"\b" + _verb_start([*forms, *TELL_VERBS, *_SAY_VERBS]) + "(?:"
                       + _NOTHAT_RE_TMPL.format(verbs=alts) + "|" + tell + clause + "|" + say + ")"),
            re.compile(_FRONTED_RE_TMPL.format(verbs=_verb_alternation(list(reporting_verbs())))))


# Base forms that report a clause often enough to send a sentence to the parse ("members say ...").
_BARE_REPORTING = frozenset({"say", "tell", "argue", "claim", "insist", "warn", "contend", "maintain"})
_OPINION_LEMMAS = frozenset({"believe", "think", "feel", "express"})


@cache
def speech_word_pattern() -> re.Pattern[str]:
    """A finite form of a verb of saying that can report a clause ("said", "tells", "warned"; "say" and a few
    base forms), as a word, not after "to", "not", "was" or an article (an infinitive, a refusal, a
    passive, a noun). Opinion verbs are left out."""
    forms = sorted((f for f, v in reporting_verbs().items() if v.takes_that and v.lemma not in _OPINION_LEMMAS
                    and not f.endswith("ing") and (f != v.lemma or f in _BARE_REPORTING)),
                   key=len, reverse=True)
    return re.compile(r"(?<!\bto )(?<!\bnot )(?<!n't )(?<!\bwas )(?<!\bwere )(?<!\ba )(?<!\bthe )\b(?:"
                      + "|".join(re.escape(f) for f in forms) + r")\b")


@cache
def second_report_pattern() -> re.Pattern[str]:
    """A coordinated verb of saying that opens a second report ("... and noted that ...")."""
    forms = sorted((f for f, v in reporting_verbs().items() if v.takes_that and v.lemma not in _OPINION_LEMMAS
                    and f != v.lemma and not f.endswith("ing")), key=len, reverse=True)
    return re.compile(r",?\s+and\s+(?:also\s+|then\s+|later\s+)?(?:" + "|".join(re.escape(f) for f in forms)
                      + r")\b")


@cache
def _role_noun_re(people_only: bool = False) -> re.Pattern[str]:
    # One search for "some role noun as a whole word": the regex backtracks through every branch at every
    # position, so it matches exactly when one of the per-noun searches would.
    nouns = [n for n, (role, _) in role_nouns().items() if not people_only or role != "organisation"]
    return re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in nouns)})\b")


def names_role(phrase: str, *, people_only: bool = False) -> bool:
    """Whether lower-cased ``phrase`` contains a role noun of role_nouns.csv as whole words (with
    ``people_only``, one that names a person's job, not an organisation: "who has worked on 40 television
    series" names none)."""
    return _role_noun_re(people_only).search(phrase) is not None


@cache
def role_tokens() -> frozenset[str]:
    """Words a title before a name may consist of: the words of role_nouns.csv and ROLE_MODIFIERS."""
    return frozenset(word for noun in role_nouns() for word in noun.split()) | ROLE_MODIFIERS


# --------------------------------------------------------------------------------------------------
# Tiny helpers every step uses


def word_tokens(s: str) -> list[str]:
    """Word tokens, internal apostrophes and hyphens kept ("Roe-Smith's")."""
    return WORD_RE.findall(s)


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """:func:`~icanalysis.textnorm.fold_name` of a name or token, inner spaces kept (memoised: names are
    folded again and again)."""
    return fold_name(s, collapse=False)


def is_cap(tok: str) -> bool:
    return bool(tok) and tok[0].isupper()
