"""The reference tokenisation the dedup bench scripts score against, written once.

Independent of ghirbal's own matching text on purpose: NFKC, lower case, combining marks
(Arabic harakat among them) and tatweel removed, alef/yeh/teh marbuta folded, Arabic-Indic and
Persian digits to ASCII, Arabic clause marks `، ؛ ؟` onto `, ; ?`. Tokens are `\\w+` (words) or,
for marks_effect.py, `\\w+` plus `. , ; : ! ?`; the folded marks are never `\\w`, so folding them
does not change the word tokens.
"""
import re
import unicodedata

FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None,
                      "،": ",", "؛": ";", "؟": "?",
                      **{chr(0x660 + i): str(i) for i in range(10)}, **{chr(0x6F0 + i): str(i) for i in range(10)}})


def norm(text):
    """`text` folded as described in the module docs."""
    t = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in t if unicodedata.category(c) != "Mn").translate(FOLD)


def shingles_of(tokens, k=5):
    """The set of `k`-token shingles of a token list."""
    return {tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)}


def shingles(text, k=5):
    """The word `k`-gram shingles of `text` after `norm`."""
    return shingles_of(re.findall(r"\w+", norm(text)), k)
