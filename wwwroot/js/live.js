// Live pages (issue 16, ADR 037). The pinned htmx SSE extension holds the page's stream (hx-ext="sse"
// sse-connect="/events?since=..."); this turns its events into refreshes of the regions that name them:
//   data-live="type ..."  refreshed (its data-live-url, else hx-get) when one of those events comes;
//   data-media-id         a media file's row or state line: transcoding progress in place, refreshed on a new status;
//   data-live-poll        polls (hx-trigger="every ...") only while the stream is not open: polling is the fallback.
// A refresh says why in X-Live-Event, so a poll and a live refresh tell apart in logs (and in the browser tests).
(function () {
  'use strict';
  var open = false;      // the stream is open: polls wait
  var refused = 0;       // refusals in a row (401 after a sign-out, ...)
  var own = false;       // the request being confirmed is one of ours
  var hooked = new WeakSet();
  var sources = [];
  var media = {};        // the last media-status of each file: {status, progress, asked}
  var hiddenAt = 0;

  function refresh(el, type) {
    var url = el.getAttribute('data-live-url') || el.getAttribute('hx-get');
    if (!url) return;
    own = true;
    try {
      htmx.ajax('GET', url, { source: el, target: el, swap: 'outerHTML', headers: { 'X-Live-Event': type } });
    } finally {
      own = false;
    }
  }

  // Behind: the element shows another status than the last event said (it is refreshed once per event).
  function behind(el) {
    var last = media[el.getAttribute('data-media-id')];
    return last && last.status !== el.getAttribute('data-status') ? last : null;
  }

  function showMedia(el) {
    var last = behind(el);
    if (last) {
      if (!last.asked) { last.asked = true; refresh(el, 'media-status'); }
      return;
    }
    last = media[el.getAttribute('data-media-id')];
    var bar = el.querySelector('progress');
    if (last && bar && last.progress != null) {
      bar.value = last.progress;
      bar.textContent = last.progress + '%';
    }
  }

  function receive(type, data) {
    if (type === 'media-status') {
      var e = JSON.parse(data);
      media[e.mediaId] = { status: e.status, progress: e.progress };
      document.querySelectorAll('[data-media-id="' + e.mediaId + '"]').forEach(showMedia);
      return;
    }
    document.querySelectorAll('[data-live~="' + type + '"]').forEach(function (el) { refresh(el, type); });
  }

  document.addEventListener('htmx:sseOpen', function (event) {
    open = true;
    refused = 0;
    var source = event.detail.source;
    if (hooked.has(source)) return; // the browser reconnected the same source: its listeners are there
    hooked.add(source);
    sources.push(source);
    ['media-status', 'purchase-completed', 'library-changed', 'content-changed'].forEach(function (type) {
      source.addEventListener(type, function (message) { receive(type, message.data); });
    });
  });

  // Not open: polls go again. A source the browser closed was refused (a 401 after a sign-out, a 5xx); the extension
  // would try again forever, more slowly each time; after the third refusal in a row the page stops trying.
  document.addEventListener('htmx:sseError', function (event) {
    open = false;
    var source = event.detail.source;
    if (source && source.readyState === 2 && ++refused >= 3) event.target.removeAttribute('sse-connect');
  });

  document.addEventListener('htmx:confirm', function (event) {
    var el = event.detail.elt;
    if (open && !own && el.hasAttribute('data-live-poll') && !behind(el)) event.preventDefault();
  });

  // A region swapped in (the list after an upload, a poll's answer) catches up with what came before it.
  document.addEventListener('htmx:load', function (event) {
    var root = event.detail.elt;
    if (!root.querySelectorAll) return;
    if (root.hasAttribute('data-media-id')) showMedia(root);
    root.querySelectorAll('[data-media-id]').forEach(showMedia);
  });

  // Leaving the page closes its stream at once (also when the browser keeps the page for Back); coming back to a kept
  // page connects again, asking for what was published while it was away.
  addEventListener('pagehide', function () {
    hiddenAt = Date.now();
    open = false;
    sources.forEach(function (source) { source.close(); });
    sources = [];
  });
  addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    document.querySelectorAll('[sse-connect]').forEach(function (el) {
      el.setAttribute('sse-connect', el.getAttribute('sse-connect').replace(/since=\d+/, 'since=' + hiddenAt));
      htmx.process(el);
    });
  });
})();
