"""Who said what: direct quotes and reported statements with their speakers.

Three steps, each its own module: ``cues`` picks the sentences worth parsing (a
quotation mark or a reporting word); ``statements`` reads the parse of those sentences
(with ``marks`` pairing the quotation marks of the whole page) into statements with the
phrase of their source; ``speakers`` resolves that phrase ("he", "Huang", "the
ministry", "analysts") to a canonical entity of the entity layer, or to no one.
"""

from chipwatch.quotes.cues import cue_sentences
from chipwatch.quotes.marks import quote_spans
from chipwatch.quotes.speakers import resolve_speaker
from chipwatch.quotes.statements import find_statements
from chipwatch.quotes.table import KINDS, quote_table, speaker_matches

__all__ = [
    "KINDS",
    "cue_sentences",
    "find_statements",
    "quote_spans",
    "quote_table",
    "resolve_speaker",
    "speaker_matches",
]
