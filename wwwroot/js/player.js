// Codex player: a small ES module over the native <video>/<audio> element (which plays without it).
// It saves progress once the media has really played (every 15 s while playing, on pause, after a seek, at the end,
// and with sendBeacon when the page is hidden: never for a page only looked at), keeps saves made offline in localStorage until the network is back, fetches a fresh signed URL
// when the old one expires mid-play, and adds keyboard shortcuts (while the player has focus) and a speed control.
// Written content saves reading progress as the reader scrolls.

const SAVE_EVERY_MS = 15000;
const PENDING_PREFIX = 'codex-progress:';

function postProgress(url, body, { beacon = false } = {}) {
  const json = JSON.stringify(body);
  if (beacon && navigator.sendBeacon) {
    return Promise.resolve(navigator.sendBeacon(url, new Blob([json], { type: 'application/json' })));
  }
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: json, credentials: 'same-origin', keepalive: true })
    .then((response) => response.ok || response.status === 400 || response.status === 403);
}

// Saves that could not be sent wait in localStorage (the newest per item) and go out when the browser is online.
function remember(url, body) {
  try { localStorage.setItem(PENDING_PREFIX + url, JSON.stringify(body)); } catch { /* storage full or disabled */ }
}

// Issue 16 (ADR 038): on a page the service worker controls, in a browser with Background Sync, a save that could not
// be sent goes to the worker's outbox instead, and arrives even once the tab is closed. Items with a save waiting
// there send every later save the same way, so that the worker, sending them in order, never puts an older one last.
const worker = () => navigator.serviceWorker && 'SyncManager' in window ? navigator.serviceWorker.controller : null;
const held = new Set();
const latest = {};

function queue(url, body) {
  if (!worker()) { remember(url, body); return; }
  held.add(url);
  caches.open('codex-outbox').then((box) => box.put(url, new Response(JSON.stringify(body))))
    .then(() => navigator.serviceWorker.ready).then((registration) => registration.sync.register('codex-progress'))
    .catch(() => remember(url, body));
}

async function flushPending() {
  const sw = worker();
  if (sw) {
    try { (await (await caches.open('codex-outbox')).keys()).forEach((key) => held.add(new URL(key.url).pathname)); } catch { /* none */ }
    if (navigator.onLine) sw.postMessage('flush');
  }
  if (!navigator.onLine) return;
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (!key || !key.startsWith(PENDING_PREFIX)) continue;
    const url = key.slice(PENDING_PREFIX.length);
    try {
      if (await postProgress(url, JSON.parse(localStorage.getItem(key)))) localStorage.removeItem(key);
    } catch { /* still offline: keep it */ }
  }
}

function save(url, body, options) {
  if (!url) return;
  const at = latest[url] = (latest[url] || 0) + 1;
  if (held.has(url) || !navigator.onLine) { queue(url, body); return; }
  // A save that failed after a newer one was started is not kept: the newer one arrives, or is kept itself.
  const failed = () => { if (latest[url] === at) queue(url, body); };
  postProgress(url, body, options).then((ok) => { if (!ok) failed(); }).catch(failed);
}

function setUpPlayer(container) {
  const media = container.querySelector('video, audio');
  if (!media) return;
  const progressUrl = container.dataset.progressUrl;
  const streamUrl = container.dataset.streamUrl;
  const snapshot = () => ({
    positionSeconds: Math.max(0, Math.min(media.currentTime || 0, media.duration || 0)),
    durationSeconds: media.duration,
    completed: media.ended || undefined,
  });
  // Issue 15, item 1: a library holds what you started, not what you glanced at. Nothing is saved until the media
  // has actually played (time advanced past 0 after a play), so opening the page, or leaving it, saves nothing.
  let played = false;
  media.addEventListener('timeupdate', () => { if (!played && !media.paused && media.currentTime > 0) played = true; });
  const saveNow = (options) => {
    if (played && media.duration > 0 && isFinite(media.duration)) save(progressUrl, snapshot(), options);
  };

  let timer = null;
  media.addEventListener('play', () => { clearInterval(timer); timer = setInterval(saveNow, SAVE_EVERY_MS); });
  media.addEventListener('pause', () => { clearInterval(timer); saveNow(); });
  media.addEventListener('seeked', () => saveNow());
  media.addEventListener('ended', () => { clearInterval(timer); saveNow(); });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') saveNow({ beacon: true }); });

  // "Start over" without a reload (also on a resume line written below).
  container.addEventListener('click', (event) => {
    const restart = event.target.closest('.player-resume a');
    if (!restart) return;
    event.preventDefault();
    media.currentTime = 0;
    restart.parentElement.remove();
  });

  // Issue 16 (ADR 039): the position, kept locally a percent at a time, for cards in other tabs (progress-cards.js).
  const id = container.dataset.contentId;
  let noted = -1;
  const note = () => {
    if (!played || !(media.duration > 0) || !isFinite(media.duration)) return;
    const percent = media.ended ? 101 : Math.round(100 * media.currentTime / media.duration);
    if (percent !== noted) noted = keepLocally(id, media.currentTime, media.duration, media.ended) && percent;
  };
  media.addEventListener('timeupdate', note);
  media.addEventListener('ended', note);
  // Another tab played on while this one sat unplayed: resume where it stopped.
  const follow = () => {
    const seen = seenLocally(id);
    if (played || !seen || seen.at <= Number(container.dataset.progressAt || 0)) return;
    let line = container.querySelector('.player-resume');
    if (seen.c || seen.p <= 1) { if (line) line.remove(); return; }
    if (!line) {
      line = document.createElement('p');
      line.className = 'player-resume';
      line.append('', Object.assign(document.createElement('a'), { href: '?restart=1', textContent: 'Start over' }));
      media.after(line);
    }
    line.firstChild.textContent = `Resuming at ${clock(seen.p)}. `;
    if (media.readyState > 0) media.currentTime = seen.p;
    else media.addEventListener('loadedmetadata', () => { if (!played) media.currentTime = seen.p; }, { once: true });
  };
  window.addEventListener('storage', (event) => { if (event.key === LOCAL_PREFIX + id) follow(); });
  window.addEventListener('pageshow', (event) => { if (event.persisted) follow(); });

  // A signed URL that expired mid-play: ask the site for a fresh one and carry on from the same point.
  let refreshing = false;
  media.addEventListener('error', async () => {
    if (refreshing || !streamUrl) return;
    refreshing = true;
    const at = media.currentTime;
    const wasPlaying = !media.paused;
    try {
      const response = await fetch(streamUrl, { credentials: 'same-origin' });
      if (!response.ok) return;
      const { streamingUrl } = await response.json();
      media.src = streamingUrl;
      media.addEventListener('loadedmetadata', () => { media.currentTime = at; if (wasPlaying) media.play(); }, { once: true });
    } finally {
      setTimeout(() => { refreshing = false; }, 5000);
    }
  });

  // Playback speed.
  const speed = document.createElement('label');
  speed.className = 'player-speed';
  speed.textContent = 'Speed ';
  const select = document.createElement('select');
  for (const rate of [0.75, 1, 1.25, 1.5, 2]) {
    const option = new Option(`${rate}×`, String(rate), rate === 1, rate === 1);
    select.add(option);
  }
  select.addEventListener('change', () => { media.playbackRate = Number(select.value); });
  speed.appendChild(select);
  container.appendChild(speed);

  // Keyboard shortcuts, only while the player (or its media element) has focus. They exist only here, so only here
  // does the player become a stop of its own and say them (issue 15, item 12).
  container.tabIndex = 0;
  container.setAttribute('aria-label', `${container.getAttribute('aria-label') || 'Player'}. Keys: space or k play and pause, `
    + 'j and l skip 10 seconds, arrows seek and change volume, m mute, f full screen.');
  container.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLSelectElement || event.altKey || event.ctrlKey || event.metaKey) return;
    const handled = {
      ' ': () => (media.paused ? media.play() : media.pause()),
      k: () => (media.paused ? media.play() : media.pause()),
      j: () => { media.currentTime = Math.max(0, media.currentTime - 10); },
      l: () => { media.currentTime = Math.min(media.duration || 0, media.currentTime + 10); },
      ArrowLeft: () => { media.currentTime = Math.max(0, media.currentTime - 5); },
      ArrowRight: () => { media.currentTime = Math.min(media.duration || 0, media.currentTime + 5); },
      ArrowUp: () => { media.volume = Math.min(1, media.volume + 0.1); },
      ArrowDown: () => { media.volume = Math.max(0, media.volume - 0.1); },
      m: () => { media.muted = !media.muted; },
      f: () => {
        if (document.fullscreenElement) document.exitFullscreen();
        else if (media.requestFullscreen) media.requestFullscreen();
      },
    }[event.key];
    if (!handled) return;
    event.preventDefault();
    handled();
  });
}

// Issue 16 (ADR 039): the last position seen here, per item ({p, d, c, at}); true when kept (storage may be off).
const LOCAL_PREFIX = 'codex-seen:';
function keepLocally(id, position, duration, completed) {
  const record = { p: position, d: duration, c: completed || position >= 0.95 * duration, at: Date.now() };
  try { localStorage.setItem(LOCAL_PREFIX + id, JSON.stringify(record)); return true; } catch { return false; }
}
function seenLocally(id) {
  try { return JSON.parse(localStorage.getItem(LOCAL_PREFIX + id)); } catch { return null; }
}
const clock = (s) => new Date(s * 1000).toISOString().slice(s < 3600 ? 14 : 11, 19).replace(/^0/, '');

// Written content: the share of the article scrolled past, saved as a position out of 100.
function setUpReading(article) {
  const url = article.dataset.readingProgress;
  if (!url) return;
  let last = -1;
  let pending = null;
  let scrolled = false; // as for media: an article only opened is not started (issue 15, item 1)
  const measure = () => {
    const rect = article.getBoundingClientRect();
    const read = Math.min(1, Math.max(0, (window.innerHeight - rect.top) / Math.max(rect.height, 1)));
    return Math.round(read * 100);
  };
  const flush = (options) => {
    const percent = measure();
    if (percent <= last) return;
    last = percent;
    save(url, { positionSeconds: percent, durationSeconds: 100 }, options);
  };
  // Issue 16: the share read, kept locally as it grows.
  const id = url.split('/').pop();
  let noted = -1;
  const note = () => { const percent = measure(); if (percent > noted) noted = keepLocally(id, percent, 100, false) && percent; };
  window.addEventListener('scroll', () => { scrolled = true; note(); clearTimeout(pending); pending = setTimeout(flush, 1500); }, { passive: true });
  document.addEventListener('visibilitychange', () => { if (scrolled && document.visibilityState === 'hidden') flush({ beacon: true }); });
}

document.querySelectorAll('.player[data-content-id]').forEach(setUpPlayer);
document.querySelectorAll('[data-reading-progress]').forEach(setUpReading);
window.addEventListener('online', flushPending);
flushPending();
