// Pagefind UI on /cari/, in Indonesian, filters by desa, kecamatan and kegiatan.
(function () {
  var root = document.getElementById("kd-search");
  if (!root) return;
  if (typeof PagefindUI === "undefined") {
    document.querySelector(".kd-search-missing").hidden = false;
    return;
  }
  var ui = new PagefindUI({
    element: "#kd-search",
    bundlePath: root.dataset.bundle,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    translations: { placeholder: "Cari berita, desa atau kegiatan", zero_results: "Tidak ada hasil untuk [SEARCH_TERM]" }
  });
  var input = root.querySelector("input");
  if (input) input.setAttribute("aria-label", "Cari berita, desa atau kegiatan");
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
