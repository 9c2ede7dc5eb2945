"""The compact word-frequency tables agree with wordfreq and survive a bad cache."""

from __future__ import annotations

import subprocess
import sys

import pytest
from wordfreq import zipf_frequency

from hygiene import wordlist

WORDS = {
    "en": ["the", "minister", "vaccine", "brazil's", "zzyzxqq", "reportedly"],
    "fr": ["élection", "président", "aujourd", "gazouillement"],
    "de": ["berichtet", "Bürgermeister", "Straße"],
    "tr": ["kabul", "açıkladı", "haberine"],
    "pl": ["głosowanie", "podał", "żółć"],
    "ru": ["сообщил", "правительство"],
}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_frequencies_match_wordfreq_to_a_tenth(lang):
    for word in WORDS[lang]:
        assert wordlist.zipf(word.lower(), lang) == pytest.approx(
            zipf_frequency(word.lower(), lang), abs=0.06), word


def test_turkish_capitals_are_lowered_the_turkish_way():
    assert wordlist.zipf("İzmir", "tr") == wordlist.zipf("izmir", "tr") > 4
    assert wordlist.zipf("IŞIK", "tr") == wordlist.zipf("ışık", "tr") > 3


def test_a_word_of_several_tokens_is_as_rare_as_its_rarest_token():
    assert wordlist.zipf("bankier.plpodał", "pl") == 0.0
    assert 0 < wordlist.zipf("new-york", "en") <= wordlist.zipf("york", "en")


def test_tables_are_cached_on_disk_and_a_damaged_cache_is_rebuilt(tmp_path):
    code = ("import sys; from hygiene import wordlist; "
            "print(wordlist.zipf('minister', 'en')); print('wordfreq' in sys.modules)")
    env = {"HYGIENE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def run():
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout.split()
        return float(out[0]), out[1] == "True"

    first, imported = run()
    assert imported and first > 4
    [cached] = tmp_path.glob("zipf-en-*.bin")
    assert run() == (first, False)  # second run: from the cache, wordfreq never imported
    cached.write_bytes(cached.read_bytes()[:1000])  # truncated by a crash or a full disk
    assert run() == (first, True)
    assert cached.stat().st_size > 1000
