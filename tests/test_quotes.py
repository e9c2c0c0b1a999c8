"""Quotation detection: what a writer typed as speech must be found, nothing else."""

from __future__ import annotations

import pytest

from dialogue_helpers import story_model
from storylint.nlp.quotes import QuoteStyle, document_style, find_quote_spans
from storylint.pipeline.layers import QUOTES


def quoted_texts(text: str, style: QuoteStyle = QuoteStyle.DOUBLE) -> list[str]:
    return [text[start:end] for start, end, _closed, _style in find_quote_spans(text, style)]


def test_straight_and_curly_double_quotes() -> None:
    text = '"Don\'t be mad at me." And he meant it. \u201cTell me how.\u201d'
    assert quoted_texts(text) == ['"Don\'t be mad at me."', "\u201cTell me how.\u201d"]


def test_british_single_quotes_keep_apostrophes_inside() -> None:
    text = "\u2018Don't go,\u2019 she said. \u2018The Joneses' dog bit 'em all.\u2019"
    assert quoted_texts(text, QuoteStyle.SINGLE) == [
        "\u2018Don't go,\u2019",
        "\u2018The Joneses' dog bit 'em all.\u2019",
    ]


def test_straight_single_quotes() -> None:
    text = "'Right,' he said, 'we go at dawn.'"
    assert quoted_texts(text, QuoteStyle.SINGLE) == ["'Right,'", "'we go at dawn.'"]


def test_apostrophes_alone_are_not_quotes() -> None:
    text = "Rock 'n' roll in the '90s was the Joneses' thing, and he'd say it's 'cause of 'em."
    assert quoted_texts(text, QuoteStyle.SINGLE) == []
    assert quoted_texts(text, QuoteStyle.DOUBLE) == []


def test_british_style_is_detected_from_the_book() -> None:
    paragraphs = ["\u2018Come in,\u2019 she said.", "\u2018Thank you.\u2019", "He sat down."]
    assert document_style(paragraphs) is QuoteStyle.SINGLE
    assert document_style(['"Come in," she said.', "He didn't."]) is QuoteStyle.DOUBLE


def test_dash_dialogue_alternates_speech_and_narration() -> None:
    text = "\u2014 Come up, Kinch! \u2014 he said. \u2014 Come up, you fearful jesuit!"
    assert quoted_texts(text) == ["\u2014 Come up, Kinch!", "\u2014 Come up, you fearful jesuit!"]
    assert quoted_texts("-- Hello there.") == ["-- Hello there."]


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    spans = find_quote_spans('He said, "wait for me and never came back.')
    assert len(spans) == 1 and spans[0][2] is False


def test_quote_running_over_paragraphs(nlp) -> None:
    text = (
        '"It was a long winter," she said. "We burned the chairs.\n\n'
        '"Then we burned the table."\n\n'
        "He didn't answer."
    )
    model = story_model(nlp, text)
    quotes = model.get(QUOTES)
    assert [q.closed for q in quotes.quotes] == [True, False, True]
    second_paragraph = quotes.in_paragraph(1)
    assert len(second_paragraph) == 1 and second_paragraph[0].continued
    assert not quotes.has_quotes(2)


def test_unbalanced_quote_does_not_leak_into_narration(nlp) -> None:
    model = story_model(nlp, 'She said "wait\n\nHe took the coat and left.')
    doc = model.parsed[1].doc
    assert not any(model.get(QUOTES).in_quote(1, t.i) for t in doc)


def test_quote_offsets_and_tokens(nlp) -> None:
    text = 'Outside it was cold. "Don\'t be silly," he said, and dropped his coat.'
    model = story_model(nlp, text)
    (quote,) = model.get(QUOTES).quotes
    assert text[quote.start : quote.end] == '"Don\'t be silly,"'
    doc = model.parsed[0].doc
    inside = [t.text for t in doc if model.get(QUOTES).in_quote(0, t.i)]
    assert "silly" in inside and "coat" not in inside and "said" not in inside
    assert model.get(QUOTES).quote_at(0, next(t.i for t in doc if t.text == "silly")) is quote


@pytest.mark.parametrize(
    "text",
    ['The sign read "Closed".', "\u201cYes.\u201d", "\u00abNon,\u00bb dit-il."],
)
def test_every_double_quote_style_is_found(text: str) -> None:
    assert len(find_quote_spans(text)) == 1
