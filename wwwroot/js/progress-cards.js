// Issue 16 (ADR 039): the progress bars of library and home cards follow what player.js keeps in this browser
// ('codex-seen:<id>'): on load, on back/forward restores, after htmx swaps, and live while another tab plays or reads.
// A card's own data-progress-at (the server's last save) wins over an older record.
(() => {
  'use strict';
  const PREFIX = 'codex-seen:';
  const seen = (id) => { try { return JSON.parse(localStorage.getItem(PREFIX + id)); } catch { return null; } };

  function paint(card) {
    const s = seen(card.dataset.progressId);
    if (!s || !(s.at > Number(card.dataset.progressAt))) return;
    const percent = s.c ? 100 : Math.min(100, Math.max(0, Math.round(100 * s.p / s.d)));
    let box = card.querySelector('.library-progress');
    if (!box) {
      box = document.createElement('div');
      box.className = 'library-progress';
      box.append(Object.assign(document.createElement('progress'), { max: 100 }),
        Object.assign(document.createElement('span'), { className: 'library-progress-label' }));
      card.querySelector('.card-link').after(box);
    }
    const bar = box.querySelector('progress');
    const label = `${percent}% ${card.dataset.verb}`;
    bar.value = percent;
    bar.setAttribute('aria-label', label);
    bar.textContent = label;
    box.querySelector('span').textContent = s.c ? 'Completed' : label;
  }
  const paintAll = () => document.querySelectorAll('[data-progress-id]').forEach(paint);
  window.addEventListener('pageshow', paintAll);
  window.addEventListener('storage', (event) => { if (event.key && event.key.startsWith(PREFIX)) paintAll(); });
  document.addEventListener('htmx:afterSettle', paintAll);

  // Records older than 30 days go (site.js drops them all on signing in or out).
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key.startsWith(PREFIX) && !(Date.now() - (seen(key.slice(PREFIX.length)) || {}).at < 2592e6)) localStorage.removeItem(key);
    }
  } catch { /* storage is off: nothing was kept */ }
})();
