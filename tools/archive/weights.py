"""The archive tools' weights, named and in one place (as tools/reader/weights.py)."""

from __future__ import annotations

# How much a matching sentence says an article is about the subject, by where it sits:
# a title or a lead states what the article is about; a photo caption only shows it.
# Teasers of other articles weigh nothing: they are not part of the article.
KIND_WEIGHT = {"title": 3.0, "lead": 2.0, "body": 1.0, "caption": 0.5, "related": 0.0}
# Two sentences of an article say the same thing (a lead repeated as the first body
# paragraph) when this share of the shorter one's words is in the other.
SAME_SENTENCE = 0.8
# A page of a list answer in the conversation; « la suite » shows the next one.
PAGE = 5

# Summaries (tools/archive/summary.py): 3 to 5 sentences, the lead first; one more
# central sentence for every this many body sentences.
SUMMARY_MIN = 3
SUMMARY_MAX = 5
SENTENCES_PER_PICK = 6
# A sentence shorter than this (in words) is a fragment, not a summary's sentence.
MIN_WORDS = 8
# LexRank's damping (the share of a step that follows likeness, not chance).
DAMPING = 0.85
# The share of a sentence's score that is its likeness to the title and lead.
ABOUT_SHARE = 0.3
# A candidate this close (cosine) to a sentence already chosen says it again.
REDUNDANT = 0.92

# A reference to an article names its title when this close (rapidfuzz token-set ratio,
# 0-100) and three words long at least; else it is read as the article's subject.
TITLE_MATCH = 90
# An overview lists people and places named in at least this many articles (in an
# archive of one article: named in this many of its sentences).
RECURRING = 2
# An article is about a topic (data/topics.yaml) when its title or lead uses one of the
# topic's words, or this many of its own sentences do.
TOPIC_SENTENCES = 2
