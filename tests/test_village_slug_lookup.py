"""Every village slug that `kabardesa list villages` prints must be accepted as written."""

from __future__ import annotations



def test_every_slug_matches_only_its_own_village(registry):
    ambiguous = {slug: [v.slug for v in registry.villages_matching(slug)] for slug in registry.villages
                 if [v.slug for v in registry.villages_matching(slug)] != [slug]}
    assert ambiguous == {}


def test_story_with_hyphenated_slug_validates(check_story, valid_meta):
    story, lines = check_story(dict(valid_meta, village="sido-kumpul-gresik"))
    assert [line for line in lines if "bukan desa binaan" not in line] == []
    assert [v.kecamatan for v in story.villages] == ["Gresik"]


def test_names_equal_but_for_spacing_are_ambiguous_and_list_both(check_story, valid_meta):
    # "Sidokumpul" (Bungah) and "Sido Kumpul" (Gresik) differ only by a space.
    _, lines = check_story(dict(valid_meta, village="Sido Kumpul"))
    assert lines == ["stories/2025/05/2025-05-23-cerita.md:4: desa 'Sido Kumpul' ada di lebih dari satu kecamatan; "
                     "tulis salah satu: sidokumpul-bungah (Kec. Bungah), sido-kumpul-gresik (Kec. Gresik)"]
