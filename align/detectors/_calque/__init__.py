"""Literal renderings of termbase terms, generated from dictionary glosses.

Machine translation renders a term it does not know piece by piece: each
word (or character) of the Chinese becomes one of its dictionary senses, in
order. So for every term we cut the Chinese into pieces (jieba's cut, every
cut into CC-CEDICT words, single characters), give every piece the set of its
glosses as English content-word keys (function words and light verbs folded,
words stemmed), and look for English clauses whose consecutive content words
spell one gloss per piece. A piece that is a particle (的, 之) or whose only
sense is a measure word may be skipped, as MT skips it.

Abbreviated terms (创文 for 创建文明城市) are read by MT as if each character
stood for some common word holding it (文 as 文具, stationery), so a single
character also receives, at a lower confidence, the glosses of the frequent
two-character words it appears in.

A match is not reported when its words are (part of) an approved rendering of
any term: "Party building" is the right rendering of 党建, not a calque.

The package: ``pieces`` generates a term's cuts and each piece's glosses,
``index`` numbers the patterns and matches clauses against them
(``index_for`` keeps the built index in the user cache). The rules that
decide which matches are reported live with the check (``garbled_calque``).
"""
from .index import CalqueIndex, Match, Pattern, index_for, opaque, register_keys
from .pieces import MAX_GLOSS_WORDS, Piece, piece

__all__ = ["CalqueIndex", "Match", "Pattern", "index_for", "opaque", "register_keys",
           "MAX_GLOSS_WORDS", "Piece", "piece"]
