"""Bahasa Indonesia for argparse's own words (usage, help headings, usage errors).

argparse looks its messages up through the module-level ``argparse._`` at call
time; :func:`install` points that at this table. Messages not listed (programming
errors in parser set-up) stay in English.
"""

from __future__ import annotations

import argparse

MESSAGES = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan %(value)r tidak dikenal (pilih dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(value)r tidak valid (harus %(type)s)",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "expected one argument": "perlu satu nilai",
    "expected at least one argument": "perlu paling sedikit satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "ambiguous option: %(option)s could match %(matches)s": "opsi %(option)s ambigu, bisa berarti %(matches)s",
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def install() -> None:
    argparse._ = translate  # type: ignore[attr-defined]
