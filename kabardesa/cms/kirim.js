// Kabar Desa: the officers' web form. Loaded after decap-cms.js (window.CMS_MANUAL_INIT is set in index.html).
// 1. the Indonesian interface (locale-id.js), 2. photos reduced and stripped of metadata in the browser
// before Decap sees them, 3. a photo without its description is refused before it is committed.
(function () {
  'use strict';

  var MAX_SIDE = 2000; // px, the long side of a committed photo (kabardesa check warns above it)
  var QUALITY = 0.85; // JPEG quality of the re-encoded photo
  var PHOTO = /^image\/(jpeg|png|webp|heic|heif|avif|gif|bmp)$/i;
  var DONE = 'kdReduced';

  // Photos of one month share a folder, and iPhones call every picked photo "image.jpg": a short stamp of the
  // moment it was chosen keeps two officers' photos from replacing each other.
  function photoName(name) {
    var stem = String(name || 'foto').replace(/\.[^.]*$/, '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    stem = stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
    return (stem || 'foto') + '-' + Date.now().toString(36).slice(-6) + '.jpg';
  }

  // Drawing the decoded picture on a canvas and encoding it again keeps only the pixels:
  // EXIF, GPS, maker notes and thumbnails are gone. The EXIF orientation is applied first.
  function reduce(file) {
    return createImageBitmap(file, { imageOrientation: 'from-image' }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      var context = canvas.getContext('2d');
      context.fillStyle = '#fff'; // a transparent PNG becomes a photo on white
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (!blob) return reject(new Error('encode'));
          resolve(new File([blob], photoName(file.name), { type: 'image/jpeg', lastModified: Date.now() }));
        }, 'image/jpeg', QUALITY);
      });
    });
  }

  window.KD_reducePhoto = reduce; // for the tests and the benchmark

  // Before any of Decap's own handlers: hold the chosen files back, reduce them, hand them on.
  window.addEventListener('change', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.files || !input.files.length) return;
    if (input.dataset[DONE]) { delete input.dataset[DONE]; return; }
    var files = Array.prototype.slice.call(input.files);
    if (!files.some(function (f) { return PHOTO.test(f.type); })) return;
    event.stopImmediatePropagation();
    Promise.all(files.map(function (f) { return PHOTO.test(f.type) ? reduce(f) : f; })).then(function (reduced) {
      var transfer = new DataTransfer();
      reduced.forEach(function (f) { transfer.items.add(f); });
      input.files = transfer.files;
      input.dataset[DONE] = '1';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, function () {
      input.value = '';
      window.alert('Foto tidak bisa dibaca. Pilih foto JPEG, PNG atau WebP dari galeri ponsel.');
    });
  }, true);

  function text(value) { return value == null ? '' : String(value).trim(); }

  // Decap shows String(error) in its toast: with no name, that is the Indonesian message alone (no "Error:").
  function refuse(message) {
    var error = new Error(message);
    error.name = '';
    throw error;
  }

  var phrases = window.KD_LOCALE_ID;
  if (document.documentElement.dataset.kdBackend === 'local') {
    // The local backend writes the file into the working tree at once: "publish" only saves it there
    // (the story stays a draft until draft: false is merged).
    var toolbar = phrases.editor.editorToolbar;
    toolbar.publish = 'Simpan';
    toolbar.publishNow = 'Simpan ke folder situs';
    toolbar.publishAndCreateNew = 'Simpan lalu tulis baru';
    toolbar.publishAndDuplicate = 'Simpan lalu gandakan';
    toolbar.publishing = 'Menyimpan…';
    toolbar.published = 'Tersimpan di folder situs';
    phrases.ui.toast.entryPublished = 'Tersimpan di folder situs (stories/ atau asesmen/)';
  }
  CMS.registerLocale('id', phrases);
  CMS.registerEventListener({
    name: 'preSave',
    handler: function (args) {
      var data = args.entry.get('data');
      if (text(data.get('image')) && !text(data.get('image_alt'))) {
        refuse('Keterangan foto wajib diisi bila ada foto: tulis apa yang terlihat di foto.');
      }
      var villages = data.get('village');
      if (villages && villages.size && text(data.get('polsek'))) {
        refuse('Pilih desa ATAU Polsek, tidak keduanya: kosongkan Polsek bila cerita tentang desa tertentu.');
      }
      return data;
    },
  });
  CMS.init();
})();
