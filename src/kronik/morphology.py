"""Word stems for Indonesian and English, from the affix tables in data/<lang>/morphology.yaml.

Takes: a word. Gives: its candidate stems. Without a dictionary an Indonesian nasal prefix
is ambiguous ('mengunjungi' may come from 'unjung' or 'kunjung'), so every reading the
affix rules allow is returned; search indexes them all and a query matches when any of its
readings meets any of the document's ('sanksi', 'menyanksi', 'disanksi' share 'sanksi').
"""

from __future__ import annotations

from functools import cache, lru_cache

from kronik import langdata


@cache
def _id_rules() -> dict:
    return langdata.load("morphology", "id")


@cache
def _en_rules() -> dict:
    return langdata.load("morphology", "en")


@lru_cache(maxsize=200_000)
def stems_id(word: str) -> tuple[str, ...]:
    """Candidate Indonesian stems of a lower-case word, the word itself first."""
    r = _id_rules()
    min_len = r["min_stem"]
    out: list[str] = [word]
    bases = [word]
    for particle in r["particles"]:
        if word.endswith(particle) and len(word) - len(particle) >= min_len + 2:
            bases.append(word[: -len(particle)])
            break
    for base in list(bases):  # 'bertemu' ends like a possessive '-mu' but is not one: keep both readings
        for poss in r["possessives"]:
            if base.endswith(poss) and len(base) - len(poss) >= min_len + 2:
                bases.append(base[: -len(poss)])
                break
    forms = list(bases)
    for base in bases:
        for suffix in r["suffixes"]:
            if base.endswith(suffix) and len(base) - len(suffix) >= min_len:
                forms.append(base[: -len(suffix)])
    for form in forms:
        for stem in _strip_prefixes(form, r, depth=2):
            if len(stem) >= min_len and stem not in out:
                out.append(stem)
    return tuple(out)


def _strip_prefixes(form: str, r: dict, depth: int) -> list[str]:
    found = [form]
    if depth == 0:
        return found
    for prefix in r["plain_prefixes"]:
        if form.startswith(prefix) and len(form) - len(prefix) >= r["min_stem"]:
            found.extend(_strip_prefixes(form[len(prefix) :], r, depth - 1))
    for nasal in r["nasal_prefixes"]:
        surface = nasal["surface"]
        if form.startswith(surface) and len(form) - len(surface) >= r["min_stem"] - 1:
            rest = form[len(surface) :]
            for initial in nasal["restore"]:
                found.append(initial + rest)
            break  # the longest matching nasal surface is the only reading
    return found


@lru_cache(maxsize=200_000)
def stems_en(word: str) -> tuple[str, ...]:
    """Candidate English stems of a lower-case word, the word itself first: 'missiles' → missil,
    'missile' → missil (data/en/morphology.yaml), so that the forms of one word meet."""
    r = _en_rules()
    min_stem = r["min_stem"]
    out = [word]
    for suffix, repl in r["suffixes"]:
        if word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= min_stem:
            stem = word[: -len(suffix)] + repl
            out.append(stem)
            if (suffix in r.get("undouble_after", ()) and len(stem) > min_stem and stem[-1] == stem[-2]
                    and stem[-1] not in _VOWELS):
                out.append(stem[:-1])
            break
    if r.get("drop_final_e") and word.endswith("e") and len(word) - 1 >= min_stem:
        out.append(word[:-1])
    return tuple(dict.fromkeys(out))


_VOWELS = "aeiou"


def _nasal(prefix: str, root: str) -> list[str]:
    """meN-/peN- + root with nasal assimilation: 'kunjung' → 'mengunjung', 'serang' → 'menyerang'."""
    stem = prefix[:-1]  # 'me' or 'pe'
    c = root[0]
    if sum(1 for i, ch in enumerate(root) if ch in _VOWELS and (i == 0 or root[i - 1] not in _VOWELS)) == 1:
        return [stem + "nge" + root]  # one syllable: 'bom' → 'mengebom'
    if c in _VOWELS:
        return [stem + "ng" + root]
    if root.startswith(("ng", "ny")) or c in "lmnrwy":
        return [stem + root]
    if c in "bfv":
        return [stem + "m" + root]
    if c == "p":
        return [stem + "m" + root[1:], stem + "m" + root]
    if c in "dcjz" or root.startswith("sy"):
        return [stem + "n" + root]
    if c == "t":
        return [stem + "n" + root[1:], stem + "n" + root]
    if c == "s":
        return [stem + "ny" + root[1:], stem + "n" + root]
    if c == "k":
        return [stem + "ng" + root[1:], stem + "ng" + root]
    return [stem + "ng" + root]  # g, h, kh and the rest


def _prefixed(prefix: str, base: str) -> list[str]:
    if prefix in ("meN", "peN"):
        return _nasal(prefix, base)
    if prefix in ("ber", "per", "ter") and (base.startswith("r") or base[1:3] == "er"):
        return [prefix[:-1] + base]  # 'bekerja', 'berunding' → 'be' + 'runding', 'perundingan'
    return [prefix + base]


def derive_id(root: str, form: str) -> list[str]:
    """Surface forms of an Indonesian root in one derivational form (see data/id/morphology.yaml).

    A compound root ('tanda tangan') is joined when affixed ('menandatangani') and also
    written apart ('ditanda tangani', 'bekerja sama'), as texts do.
    """
    spec = _id_rules()["forms"][form]
    prefix, suffix = spec["prefix"], spec["suffix"]
    if not prefix and not suffix:
        return [root]
    parts = root.split()
    out = [h + suffix for h in _prefixed(prefix, "".join(parts))]
    if len(parts) > 1:
        heads = _prefixed(prefix, parts[0]) if prefix else [parts[0]]
        tail = " ".join([*parts[1:-1], parts[-1] + suffix])
        out.extend(f"{h} {tail}" for h in heads)
    return list(dict.fromkeys(out))


def enclitics_id() -> list[str]:
    return list(_id_rules()["enclitics"])


def stems(word: str, lang: str | None) -> tuple[str, ...]:
    """Stems in the document's language; unknown language gets both readings."""
    word = word.lower()
    if lang == "en":
        return stems_en(word)
    if lang == "id":
        return stems_id(word)
    return tuple(dict.fromkeys(stems_id(word) + stems_en(word)))
