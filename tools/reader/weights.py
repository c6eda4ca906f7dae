"""Every weight of the reader, named, with what it trades off. Calibrated on the
development sets (`make bench-answers`); change one and re-measure all three."""

# -- candidate sentences ------------------------------------------------------------
# Sentences BM25 ranks first for the question's words (and synonyms); the reader
# reads all of them, so this bounds the work per question, not the archive.
LEXICAL_DEPTH = 40
# A question word found only in the sentence's article title or lead still counts,
# for this share of its weight: the context says what the sentence is about.
CONTEXT_SHARE = 0.6
# A question word found in the sentence just before counts for this share (a pronoun
# often refers back: « Il est fermé en 1812 »).
PREVIOUS_SHARE = 0.5
# How much a match counts, beside the question's own word: a synonym from the synonym
# data, a word of the same family the stemmer left apart, a name one letter off, the
# words an acronym stands for.
MATCH_QUALITY = {
    "synonym": 0.8,
    "family": 0.7,
    "typo": 0.8,
    "expansion": 0.9,
    "similar": 0.6,
    "form": 1.0,  # a country's adjective for the country, or the reverse: as good
}
# A question's word matches a verb of the sentence whose word vector is at least this
# close (cosine), when nothing else matches it (« saccagé », « ravagés »).
VERB_SIMILARITY = 0.72
# Related-news teasers and photo captions are weaker evidence than article text.
KIND_WEIGHT = {"body": 1.0, "lead": 1.0, "title": 0.9, "caption": 0.8, "related": 0.5}

# A follow-up (« Quand ? », « Et combien de vols ? ») is about what the last answer was
# about: sentences within this many of its sentence are read too, and they and their
# article are preferred by these amounts of score.
ANCHOR_WINDOW = 3
ANCHOR_NEXT = 0.25  # the sentence itself, or the one just before or after it
ANCHOR_NEAR = 0.15
ANCHOR_ARTICLE = 0.05

# -- spans ------------------------------------------------------------------------
# How much the span's place in the sentence adds to the sentence's coverage: the
# tree distance to the question's words, and the syntactic role the question wants.
SPAN_WEIGHT = 0.35
# How much the syntactic role the question asks for adds (a "who" answer that is the
# subject of the question's own verb outweighs a sentence that repeats more names).
ROLE_WEIGHT = 0.7
# Tree distance beyond which a span is no nearer than any other.
FAR = 6
# Role bonuses (out of 1) for a "who" answer: the subject of the question's verb (or
# the agent of its passive), its object when the question names the subject, the
# argument introduced by the question's preposition, a name in apposition to the
# question's role noun.
ROLE_SUBJECT = 1.0
ROLE_OBJECT = 0.7
ROLE_PREPOSITION = 1.0
ROLE_APPOSITION = 1.0
ROLE_OTHER = 0.0
# A verb reached from the question's words by one more step in the parse counts for
# this share (the question's verb itself counts fully).
PREDICATE_DECAY = 0.8
# … and for this share of that when a word of the question is missing from the sentence
# (it may be the question's own verb: the role is then of another event).
OTHER_EVENT = 0.5
# Named entities are better "who" answers than common noun phrases (« la foule »),
# which are taken only when they hold the verb's subject role.
NOUN_PHRASE_PENALTY = 0.3
# A figure counting the question's noun (« combien de touristes » → « 12.000
# touristes ») beats any other figure of the sentence.
UNIT_MATCH = 1.0
# A date said of the question's person in a sentence naming several people (« X en
# mars 2001, et Y en octobre 2010 ») is preferred by this much.
PERSON_DATE = 0.05
# A date that modifies a verb of the question dates the event asked about, not another
# event of the sentence (« De 1858 à 1860, X suppléa… et obtint la chaire le 9 février 1867 »).
EVENT_DATE = 0.1
# A sentence whose subject is the place the question names (« 16 projets » that « le
# Vietnam développe » for « combien de projets la Russie a-t-elle au Vietnam ») reads the
# relation backwards: a preference for a sentence that does not, not a refusal (« le
# Vietnam a accueilli 18 millions de touristes » does answer « combien de touristes sont
# venus au Vietnam »).
REVERSED = 0.15

# -- answering --------------------------------------------------------------------
# Below this coverage of the question's weighted words, the best sentence is shown as
# a lead (answered: false), never as an answer.
MIN_COVERAGE = 0.55
# The question's words found in the sentence itself must weigh at least this much (a
# BM25 idf sum: one word rare in the archive is about 4, a common one 1 to 2).
MIN_EVIDENCE = 4.0
# A "who" answer needs at least this many of the question's own words in its sentence.
MIN_PERSON_WORDS = 2
# Share of the question the sentence must hold by itself (not by its article's title or
# lead), per answer type: a person is named in many sentences of an article, so the
# sentence must say what the question says; a date or figure sentence often leans on
# its context (« Elle devrait entrer en production au troisième trimestre 2026 »).
MIN_IN_SENTENCE = {"person": 0.6, "place": 0.4, "date": 0.0, "number": 0.0}
# Answers from other sentences within this much of the best are given beside it
# (a disagreement between articles is shown, not settled silently).
TIE = 0.02
