// Kabar Desa: copy buttons (link of a story, WhatsApp text of a digest). No third-party code.
(function () {
  function flash(button, text) {
    var target = button.querySelector(".kd-flash") || button; // icon buttons keep their icon
    var old = target.textContent;
    target.textContent = text;
    setTimeout(function () { target.textContent = old; }, 2000);
  }
  function copy(text, button) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { flash(button, "Tersalin ✓"); });
    }
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); flash(button, "Tersalin ✓"); } finally { area.remove(); }
    return Promise.resolve();
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-kd-copy-link]");
    if (link) { event.preventDefault(); copy(link.getAttribute("data-kd-copy-link"), link); return; }
    var digest = event.target.closest("[data-kd-copy]");
    if (digest) {
      event.preventDefault();
      fetch(digest.getAttribute("href")).then(function (r) { return r.text(); })
        .then(function (text) { return copy(text, digest); })
        .catch(function () { window.location.href = digest.getAttribute("href"); });
    }
  });
})();
