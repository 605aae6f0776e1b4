// "Cari desa Anda" on the home page: type-ahead over the villages in desa/cari-desa.json,
// fetched on first use. Without script the box stays hidden and the plain link to the
// village index is there instead. Every value is written as text, never as HTML.
(function () {
  var box = document.getElementById("kd-finder");
  if (!box) return;
  var input = box.querySelector("input");
  var list = box.querySelector("ul");
  var status = box.querySelector("[role=status]");
  var source = new URL(box.getAttribute("data-source"), window.location.href);
  var rows = null, loading = null;
  box.hidden = false;

  function key(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/^(desa|kelurahan|kel\.?|ds\.?)\s+/, "").replace(/[^a-z0-9]/g, "");
  }
  function load() {
    if (!loading) {
      loading = fetch(source).then(function (r) { return r.json(); }).then(function (data) {
        rows = data.map(function (row) {
          return { name: row[0], type: row[1], kecamatan: row[2], url: new URL("../" + row[3], source).href,
                   keys: [row[0]].concat(row[4] || []).map(key) };
        });
      }).catch(function () { status.textContent = "Daftar desa tidak dapat dimuat; buka daftar semua desa."; });
    }
    return loading;
  }
  function matches(query) {
    var q = key(query);
    if (!q || !rows) return [];
    var first = [], inside = [];
    rows.forEach(function (row) {
      if (row.keys.some(function (k) { return k.indexOf(q) === 0; })) first.push(row);
      else if (row.keys.some(function (k) { return k.indexOf(q) > 0; })) inside.push(row);
    });
    return first.concat(inside).slice(0, 8);
  }
  function show() {
    var found = matches(input.value);
    list.textContent = "";
    found.forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = row.url;
      link.textContent = (row.type === "kelurahan" ? "Kelurahan " : "Desa ") + row.name;
      var where = document.createElement("span");
      where.className = "kd-meta";
      where.textContent = " · Kec. " + row.kecamatan;
      item.appendChild(link); item.appendChild(where); list.appendChild(item);
    });
    status.textContent = input.value.trim() && rows ? (found.length ? found.length + " desa cocok" : "Tidak ada desa bernama itu") : "";
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load().then(show); });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    load().then(function () {
      var found = matches(input.value);
      if (found.length) window.location.href = found[0].url; else show();
    });
  });
})();
