// Live pages (issue 16; ADR 037 explains each rule). The htmx SSE extension holds the stream; this refreshes
// [data-live~=type] (data-live-url or hx-get, header X-Live-Event), follows [data-media-id], and holds back the polls
// of [data-live-poll] while the stream is open.
(function () {
  'use strict';
  var open = false, refused = 0, own = false, hooked = new WeakSet(), sources = [], media = {}, hiddenAt = 0, lapse,
    openedAt = 0, polled = {};

  function state(value) { document.documentElement.setAttribute('data-stream', value); }

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

  // A new status: fetched once per event (then stale: its polls may go). The same: the percentage in place.
  function showMedia(el) {
    var last = media[el.getAttribute('data-media-id')];
    if (!last) return;
    if (last.status !== el.getAttribute('data-status')) {
      if (last.asked) last.stale = true;
      else { last.asked = true; refresh(el, 'media-status'); }
      return;
    }
    var bar = el.querySelector('progress');
    if (bar && last.progress != null) {
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
    clearTimeout(lapse);
    if (!open) openedAt = Date.now();
    open = true;
    refused = 0;
    state('open');
    var source = event.detail.source;
    if (hooked.has(source)) return;
    hooked.add(source);
    sources.push(source);
    ['media-status', 'purchase-completed', 'library-changed', 'content-changed'].forEach(function (type) {
      source.addEventListener(type, function (message) { receive(type, message.data); });
    });
  });

  function closed() {
    clearTimeout(lapse);
    open = false;
    state('closed');
  }

  // Reconnecting (resumes by Last-Event-ID): polls wait 5 s more. Refused (closed): polls go; the third time, stop.
  document.addEventListener('htmx:sseError', function (event) {
    var source = event.detail.source;
    if (source && source.readyState === 0) {
      clearTimeout(lapse);
      lapse = setTimeout(closed, 5000);
      return;
    }
    closed();
    if (source && source.readyState === 2 && ++refused >= 3) {
      event.target.removeAttribute('sse-connect');
      state('off');
    }
  });

  // While the stream is open a poll still goes once a minute per region, in case an event was lost on the way
  // (a bus reconnecting, another replica): the page never waits on a lost event for longer than that.
  document.addEventListener('htmx:confirm', function (event) {
    var el = event.detail.elt;
    if (!open || own || !el.hasAttribute('data-live-poll')) return;
    var last = media[el.getAttribute('data-media-id')];
    var key = el.id || el.getAttribute('hx-get');
    if ((last && last.stale) || Date.now() - (polled[key] || openedAt) >= 60000) polled[key] = Date.now();
    else event.preventDefault();
  });

  // A region swapped in catches up with the media events that came before it.
  document.addEventListener('htmx:load', function (event) {
    var root = event.detail.elt;
    if (!root.querySelectorAll) return;
    if (root.hasAttribute('data-media-id')) showMedia(root);
    root.querySelectorAll('[data-media-id]').forEach(showMedia);
  });

  // Leaving closes the stream (also for the back/forward cache); coming back asks for what came meanwhile.
  addEventListener('pagehide', function () {
    hiddenAt = Date.now();
    closed();
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
