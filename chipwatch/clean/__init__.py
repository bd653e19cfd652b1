"""Line-level boilerplate removal for raw page dumps, keeping a reason for every drop.

chipwatch's inputs are text dumps of web pages, one visible HTML text node per line: the
HTML structure that extractors such as trafilatura or boilerpipe rely on is gone, and inline
links split sentences over several lines. The cleaner therefore combines the evidence a dump
keeps, one module per kind of evidence:

* ``lines``: per-line features (word count, sentence punctuation, stopword density);
  ``blocks`` groups lines into paragraphs and gives each a class, as in jusText:
  ``good`` prose, ``near_good``, ``short`` and ``bad``;
* ``patterns`` (with its exact ``prefilter``): known junk (video-player text, share/follow
  rows, cookie and newsletter prompts, comment forms, "Advertisement", photo credits, ...)
  from an editable TOML resource in several UI languages; its ``next`` patterns ("Next
  Article") and ``end`` patterns ("Related Articles", "Leave a Reply") mark where the main
  story stops;
* ``shared``: cross-corpus repetition: :meth:`Cleaner.fit` learns lines shared by several
  documents (site chrome), order-independently;
* ``article``: context: the main article is the contiguous stretch of lines with the
  highest prose score (a maximum-sum segment, in the spirit of body-text extraction), so
  menus before it and related lists, footers and appended stories after it fall away,
  while short link fragments *inside* the body survive because their neighbours are prose;
* ``tables``: non-prose body: a list the story announces with a colon at its end (tour
  dates, a roster) and tables or score lists next to or inside it (rows mixing words and
  figures) are taken into the article; a page with no prose at all keeps its longest table;
* ``asides``: teaser lists (a headline, then a lead of one or two lines, several times in a
  row, with perhaps a "More" link under each) and comment threads (dated posts attributed
  to readers: "Name says:", "on <date> said:") do not count as prose, so neither can
  outweigh a short article;
* ``title``: within-document repetition: the headline is the line that repeats (or the
  nearest headline-like line before the body); it is kept once, as the first line;
* ``verdicts``: each line's drop reason (the codes are listed in ``reasons``); a second copy
  of a prose line (a page embedding the story twice) is dropped;
* ``meta``: the lines around the body offered to :mod:`chipwatch.metadata`.

``cleaner`` composes these steps in :class:`Cleaner`, tuned by :class:`CleanerSettings`.
"""

from __future__ import annotations

from chipwatch.clean.cleaner import Cleaner, clean_documents
from chipwatch.clean.patterns import JunkPatterns, load_junk_patterns
from chipwatch.clean.settings import CleanerSettings
from chipwatch.errors import JunkPatternsError, NotFittedError

__all__ = [
    "Cleaner",
    "CleanerSettings",
    "JunkPatterns",
    "JunkPatternsError",
    "NotFittedError",
    "clean_documents",
    "load_junk_patterns",
]
