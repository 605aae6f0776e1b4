from kabardesa.html_fixes import fix_material_markup


def test_toggle_checkboxes_lose_autocomplete():
    html = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    assert fix_material_markup(html) == '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'


def test_empty_tabindex_on_nav_label_is_dropped():
    html = '<label class="md-nav__link" for="__nav_8" id="__nav_8_label" tabindex="">'
    assert fix_material_markup(html) == '<label class="md-nav__link" for="__nav_8" id="__nav_8_label">'


def test_other_markup_is_untouched():
    html = '<input type="text" autocomplete="off"><label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="0">'
    assert fix_material_markup(html) == html


def test_toc_title_without_its_toggle_loses_the_dangling_for():
    outside_nav = '<nav><label class="md-nav__title" for="__toc">Daftar isi</label></nav>'
    assert fix_material_markup(outside_nav) == '<nav><label class="md-nav__title">Daftar isi</label></nav>'
    in_nav = '<input type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">Daftar isi</label>'
    assert fix_material_markup(in_nav) == in_nav
