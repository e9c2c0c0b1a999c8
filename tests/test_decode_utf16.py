"""UTF-16 and UTF-32 without a byte-order mark, in any script (decode.py).

Notepad and some Windows tools save UTF-16 without a byte-order mark. Latin-script
text was recognised by its NUL bytes (one beside nearly every letter); a story in
Greek, Russian, Hebrew, Arabic, Hindi, Chinese, Japanese or Korean has few or none
beside its letters and was refused as "a binary file". It is now recognised by what
its first 64 KB decode to, and images, archives and random bytes are still refused
with one line and exit 2.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from storylint.errors import InputError
from storylint.ingest import read_manuscript
from storylint.ingest.decode import decode_text

# Each: (chapter heading, two story paragraphs) as a writer in that language types them.
STORIES = {
    "greek": (
        "Κεφάλαιο 1",
        "Η Άννα άναψε τη λάμπα στο καφενείο. «Πού είναι το παλτό;» ρώτησε.",
        "Ο Μπεν δεν είπε τίποτα· κοίταζε τον πίνακα πάνω από την πόρτα.",
    ),
    "russian": (
        "Глава 1",
        "Анна зажгла лампу в кафе. — Где пальто? — спросила она.",
        "Бен ничего не сказал; он смотрел на картину над дверью.",
    ),
    "hebrew": (
        "פרק 1",
        'אנה הדליקה את המנורה בבית הקפה. "איפה המעיל?" שאלה.',
        "בן לא אמר דבר; הוא הביט בתמונה שמעל הדלת.",
    ),
    "arabic": (
        "الفصل 1",
        'أشعلت آنا المصباح في المقهى. "أين المعطف؟" سألت.',
        "لم يقل بن شيئاً؛ كان ينظر إلى اللوحة فوق الباب.",
    ),
    "hindi": (
        "अध्याय 1",
        'अन्ना ने कैफ़े में दीया जलाया। "कोट कहाँ है?" उसने पूछा।',
        "बेन कुछ नहीं बोला; वह दरवाज़े के ऊपर लगी तस्वीर देख रहा था।",
    ),
    "chinese": (
        "第一章",
        "　　安娜在咖啡馆里点亮了灯。“外套在哪里？”她问道。",
        "　　本什么也没说，他正看着门上方的那幅画。",
    ),
    "japanese": (
        "第一章",
        "　アンナは喫茶店のランプに火をともした。「コートはどこ？」と彼女は聞いた。",
        "　ベンは何も言わなかった。ドアの上の絵を見ていたのだ。",
    ),
    "korean": (
        "제1장",
        '안나는 카페의 등불을 켰다. "코트는 어디 있어?" 그녀가 물었다.',
        "벤은 아무 말도 하지 않았다. 그는 문 위의 그림을 보고 있었다.",
    ),
}
LABELS = {
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-32-le": "UTF-32 (little-endian)",
    "utf-32-be": "UTF-32 (big-endian)",
}


def story_text(language: str) -> str:
    heading, first, second = STORIES[language]
    return f"{heading}\n\n{first}\n\n{second}\n"


def extract(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storylint.cli", "extract", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("language", sorted(STORIES))
def test_utf16_without_a_mark_is_read_in_any_script(tmp_path, language, codec):
    text = story_text(language)
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(codec))  # the -le/-be codecs write no byte-order mark
    manuscript = read_manuscript(path)
    assert manuscript.sources[0].text == text
    # The words storylint checks (a chapter heading in another language may be read as a
    # paragraph: heading wording is English; the words are what this test is about).
    assert [p.text for p in manuscript.all_paragraphs()] == [
        line.strip() for line in STORIES[language]
    ]
    assert any(f"no byte-order mark; read as {LABELS[codec]}" in w for w in manuscript.warnings)


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_without_a_mark_is_read_in_chinese(tmp_path, codec):
    text = story_text("chinese") + "一二三。\n"  # U+4E00: a NUL in the letter's own byte
    path = tmp_path / "story.md"
    path.write_bytes(text.encode(codec))
    manuscript = read_manuscript(path)
    assert manuscript.sources[0].text == text
    assert any(f"read as {LABELS[codec]}" in w for w in manuscript.warnings)


def test_extract_prints_the_greek_words(tmp_path):
    path = tmp_path / "κεφάλαιο.txt"
    path.write_bytes(story_text("greek").encode("utf-16-le"))
    result = extract(path)
    assert result.returncode == 0, result.stderr
    assert "Η Άννα άναψε τη λάμπα στο καφενείο." in result.stdout
    assert "Κεφάλαιο 1" in result.stdout


def test_a_mixed_greek_and_english_story_is_read(tmp_path):
    text = (
        "Chapter 1\n\n"
        "«Καλημέρα», said Anna, and the old man in the kafeneio answered «Καλημέρα σας».\n"
    ) * 20
    data = text.encode("utf-16-be")
    assert decode_text(data, "mixed.txt")[:2] == (text, "utf-16-be")


def test_a_64_mb_file_is_decoded_quickly():
    line = "Анна зажгла лампу в кафе, и Бен ничего не сказал ей в ответ.\n"
    data = (line * (64 * 1024 * 1024 // (2 * len(line)))).encode("utf-16-le")
    assert 60_000_000 < len(data) <= 64 * 1024 * 1024
    started = time.perf_counter()
    text, encoding, _warnings = decode_text(data, "big.txt")
    assert time.perf_counter() - started < 10
    assert encoding == "utf-16-le" and text.startswith(line) and len(text) == len(data) // 2


def _zip_of_a_story() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("story.txt", story_text("russian") * 50)
        archive.writestr("notes.txt", os.urandom(3000))
    return buffer.getvalue()


def _binaries() -> dict[str, bytes]:
    noise = random.Random(17)
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + noise.randbytes(6000)
    pdf = (
        b"%PDF-1.7\n1 0 obj\n<< /Length 6000 /Filter /FlateDecode >>\nstream\n"
        + noise.randbytes(6000)
        + b"\x00\x00\nendstream\nendobj\n"
    )
    gray_image = b"BM" + b"\x00" * 52 + b"\x80" * 40_000  # a grey bitmap: one "CJK" letter
    # UTF-8 Russian with a stray NUL: read as UTF-16 it would be fluent-looking CJK.
    nul_in_utf8 = story_text("russian").encode("utf-8") * 20 + b"\x00\x00"
    return {
        "cover.txt": png,
        "chapters.md": _zip_of_a_story(),
        "scan.txt": pdf,
        "noise.html": noise.randbytes(8192) + b"\x00\x00",
        "grey.txt": gray_image,
        "pasted.md": nul_in_utf8,
    }


@pytest.mark.parametrize("name", sorted(_binaries()))
def test_binary_files_are_refused_with_one_line_and_exit_2(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_binaries()[name])
    result = extract(path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and "binary" in lines[0]
    assert "Traceback" not in result.stderr


def test_random_bytes_with_nuls_are_never_text():
    noise = random.Random(3)
    for size in (64, 500, 4096, 70_000):
        for _ in range(25):
            data = noise.randbytes(size - 2) + b"\x00\x00"
            with pytest.raises(InputError, match="binary"):
                decode_text(data, "noise.txt")
