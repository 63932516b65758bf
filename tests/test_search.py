"""kronik.search: full-text search with Indonesian and English stems, BM25, marked snippets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kronik import search as fts
from kronik.query import QueryError, search
from kronik.store import KnowledgeBase

from . import explore_kb

SANCTION_SENTENCES = {
    ("invasi_2022.txt", "Amerika Serikat mengecam invasi tersebut dan menjatuhkan sanksi terhadap Rusia."),
    ("invasi_2022.txt", "Bank-bank Rusia kemudian disanksi oleh Uni Eropa."),
    ("hubungan_rusia_korut.txt", "Jepang mengancam akan menyanksi Korea Utara jika uji coba nuklir berlanjut."),
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    with KnowledgeBase(explore_kb.kb_path(tmp_path_factory), readonly=True) as kb:
        yield kb


@pytest.mark.parametrize("word", ["sanksi", "menyanksi", "disanksi", "Sanksi"])
def test_indonesian_forms_of_a_word_meet(kb: KnowledgeBase, word: str) -> None:
    hits = search(kb, word)
    found = {(h.document, h.text) for h in hits}
    assert found >= SANCTION_SENTENCES
    assert len(found) == 5  # and the two sentences about the sanctions of 2006 and the 2000s
    assert {w for h in hits for w in h.matched} == {"sanksi", "disanksi", "menyanksi"}
    assert all(f"«{h.matched[0]}»" in h.snippet for h in hits)


def test_english_inflections_meet(kb: KnowledgeBase) -> None:
    assert [h.document for h in search(kb, "sanction")] == ["ukraine_war_2022.txt", "panel_veto_2024.txt"]
    assert {h.text for h in search(kb, "visited")} == {h.text for h in search(kb, "visits")}


@pytest.mark.parametrize(("word", "form"), [
    ("missile", "missiles"), ("vote", "voted"), ("vote", "voting"), ("agree", "agreed"), ("case", "cases"),
    ("plan", "planned"), ("ship", "shipping"), ("travel", "travelled"), ("call", "called"), ("visit", "visits"),
])
def test_english_forms_share_a_stem_across_a_silent_e_or_a_doubled_consonant(word: str, form: str) -> None:
    # 'missile' must find 'Missiles over Japan': the e that drops before -s, -ed, -ing and the
    # consonant doubled before -ed, -ing do not keep a word from its forms.
    for lang in ("en", None):
        assert set(fts.word_terms(word, lang)) & set(fts.word_terms(form, lang)), (word, form, lang)


def test_all_words_must_match_and_ranking_is_bm25(kb: KnowledgeBase) -> None:
    hits = search(kb, "sanksi PBB")
    assert [(h.document, h.sentence) for h in hits] == [("hubungan_rusia_korut.txt", 2)]
    assert hits[0].snippet.startswith("Dewan Keamanan «PBB» kemudian menjatuhkan «sanksi» terhadap Korea Utara")
    assert hits[0].matched == ["PBB", "sanksi"]
    anyword = search(kb, "sanksi PBB", any_word=True)
    assert len(anyword) == 5 and anyword[0].sentence_id == hits[0].sentence_id  # both words rank first
    assert [h.score for h in anyword] == sorted(h.score for h in anyword)
    text = kb.conn.execute("SELECT group_concat(text, '') FROM document_text WHERE doc_id = ?",
                           (hits[0].doc_id,)).fetchone()[0]
    assert text[hits[0].start : hits[0].end] == hits[0].text


def test_prefix_language_limit_and_nothing_found(kb: KnowledgeBase) -> None:
    assert {h.text for h in search(kb, "sank*")} == {h.text for h in search(kb, "sanksi")}
    assert search(kb, "sanction", lang="id") == []
    assert len(search(kb, "sanction", lang="en")) == 2
    assert len(search(kb, "Korea", limit=2)) == 2
    assert search(kb, "zeppelin") == []
    with pytest.raises(QueryError, match="nothing to search for"):
        search(kb, "?!")


def test_a_query_matching_too_many_sentences_is_ranked_among_the_latest(kb: KnowledgeBase) -> None:
    every = search(kb, "Korea", limit=0)
    assert every.total == len(every) and not every.capped
    capped = search(kb, "Korea", limit=0, rank_cap=3)
    assert capped.capped and capped.total == len(every)
    assert sorted(h.sentence_id for h in capped) == sorted(h.sentence_id for h in every)[-3:]


def test_snippet_of_a_long_sentence_is_cut_around_the_match() -> None:
    parsed = fts.parse("sanksi")
    text = " ".join(["kata"] * 60) + " menjatuhkan sanksi " + " ".join(["lain"] * 60)
    snippet, matched = fts.make_snippet(text, parsed, "id", ("[", "]"), width=80)
    assert snippet.startswith("…") and snippet.endswith("…") and "[sanksi]" in snippet
    assert len(snippet) < 100 and matched == ["sanksi"]


@pytest.mark.parametrize(("words", "lang"), [("Korea", "id"), ("Korea", "en"), ("Rusia Russia", "en")])
def test_a_language_filter_keeps_the_ranking(kb: KnowledgeBase, words: str, lang: str) -> None:
    every = search(kb, words, any_word=True, limit=0)
    assert [h.sentence_id for h in search(kb, words, any_word=True, lang=lang, limit=0)] == [
        h.sentence_id for h in every if h.lang == lang]
    assert [h.sentence_id for h in search(kb, words, any_word=True, lang=lang, limit=2)] == [
        h.sentence_id for h in every if h.lang == lang][:2]
