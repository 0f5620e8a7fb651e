"""Japanese text as a sequence of normalised words, so a lexicon entry matches however it is
inflected or spelt: 申しあげられません and 申し上げられない are the same words.

Sudachi (SudachiPy with its core dictionary) splits the text and gives each word's
normalised form; politeness auxiliaries are dropped and negation has one form.
"""

import functools
import unicodedata
from dataclasses import dataclass

# Dropped: they change politeness or tense, never what is claimed.
_SKIP = frozenset({"ます", "です", "だ", "た", "て", "いる", "居る", "おる", "下さる", "頂く"})
_NEGATION = frozenset({"ず", "ない", "無い", "ぬ", "ん"})


@dataclass(frozen=True)
class Word:
    form: str  # normalised
    start: int  # offsets in the original text
    end: int


@functools.cache
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def _form(morpheme):
    form = morpheme.normalized_form()
    if form in _NEGATION:
        return "ない"
    return form


def words(text):
    """The text's words in order, normalised; punctuation and politeness left out."""
    text = unicodedata.normalize("NFKC", text or "")
    found = []
    for m in _tokenizer().tokenize(text):
        pos = m.part_of_speech()[0]
        if pos in ("補助記号", "空白"):
            continue
        form = _form(m)
        if form in _SKIP and pos in ("助動詞", "動詞", "助詞"):
            continue
        if form == "ない" and found and found[-1].form in ("有る", "御座る"):
            found[-1] = Word("ない", found[-1].start, m.end())  # ありません is ない
            continue
        found.append(Word(form, m.begin(), m.end()))
    return found


@functools.lru_cache(maxsize=4096)
def phrase(text):
    """A lexicon entry as normalised forms."""
    return tuple(w.form for w in words(text))


def find(text_words, entry):
    """Where the entry's words occur in order in the text: (start, end) offsets, or None.

    A match the text goes on to negate does not count: 暗号化していなかった is not
    暗号化していた."""
    forms = phrase(entry)
    if not forms:
        return None
    n = len(forms)
    for i in range(len(text_words) - n + 1):
        if all(text_words[i + k].form == forms[k] for k in range(n)):
            after = text_words[i + n].form if i + n < len(text_words) else None
            if after == "ない" and forms[-1] != "ない":
                continue
            return text_words[i].start, text_words[i + n - 1].end
    return None
