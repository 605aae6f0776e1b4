// Pagefind UI on /cari/, in Indonesian, filters by desa, kecamatan and kegiatan.
// The filters fold into one "Saring" button (closed on phones, open on wide screens);
// values without results are hidden, so a query lists only the villages it found.
(function () {
  var root = document.getElementById("kd-search");
  if (!root) return;
  // One Pagefind bundle per month of stories, newest first: the newest is opened, the others
  // merged into it (one result list, the same filters).
  // Pagefind reads a merged bundle's path from the main bundle's folder: give it absolute paths.
  var bundles = (root.dataset.bundles || "").split(" ").filter(Boolean).map(function (path) {
    return new URL(path, window.location.href).pathname;
  });
  if (typeof PagefindUI === "undefined" || !bundles.length) {
    document.querySelector(".kd-search-missing").hidden = false;
    return;
  }
  var ui = new PagefindUI({
    element: "#kd-search",
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path }; }),
    showImages: false,
    showSubResults: false,
    showEmptyFilters: false,
    resetStyles: false,
    translations: { placeholder: "Cari berita, desa atau kegiatan", zero_results: "Tidak ada hasil untuk [SEARCH_TERM]" }
  });
  var input = root.querySelector("input");
  if (input) input.setAttribute("aria-label", "Cari berita, desa atau kegiatan");

  // Pagefind renders the filter panel (and re-renders it after a new search); the button is
  // put back in front of it whenever it is missing. Open or closed lives on #kd-search,
  // so it survives Pagefind's re-rendering.
  var open = window.matchMedia("(min-width: 60em)").matches;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "kd-saring";
  button.setAttribute("aria-controls", "kd-filter-panel");
  button.addEventListener("click", function () { open = !open; sync(); });

  function sync() {
    root.classList.toggle("kd-filters-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var chosen = root.querySelectorAll(".pagefind-ui__filter-checkbox:checked").length;
    var label = chosen ? "Saring (" + chosen + " dipilih)" : "Saring";
    if (button.textContent !== label) button.textContent = label; // no change, no mutation: no loop
  }

  function place() {
    var panel = root.querySelector(".pagefind-ui__filter-panel");
    if (!panel) return;
    if (panel.id !== "kd-filter-panel") panel.id = "kd-filter-panel";
    if (button.nextElementSibling !== panel) panel.parentNode.insertBefore(button, panel);
    sync();
  }

  // Pagefind renders hundreds of nodes per search: look once per frame, not once per node.
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; place(); });
  }).observe(root, { childList: true, subtree: true });
  root.addEventListener("change", sync);
  sync();

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
