// Issue 16 (ADR 039): data-optimistic forms (join, leave, mark complete) show their result at once (data-flip), then
// post; the answer's fragment replaces the region, or the region comes back as it was with a toast saying why.
(() => {
  'use strict';
  function toast(message) {
    if (!message) return;
    const box = document.createElement('div');
    box.className = 'toast';
    box.append(Object.assign(document.createElement('p'), { textContent: message }),
      Object.assign(document.createElement('button'), { type: 'button', className: 'toast-close', textContent: '\u00d7', onclick: () => box.remove() }));
    box.lastChild.setAttribute('aria-label', 'Dismiss');
    document.getElementById('toasts').append(box);
    setTimeout(() => box.remove(), 15000);
  }

  function focusIn(region) {
    const target = region.querySelector('button, a') || region;
    if (target === region) region.tabIndex = -1;
    target.focus();
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    const region = form.closest('[data-optimistic-region]');
    if (!form.matches('[data-optimistic]') || !region || event.defaultPrevented) return;
    event.preventDefault();
    if (region.hasAttribute('aria-busy')) return; // one request at a time
    const before = region.cloneNode(true);
    const focused = region.contains(document.activeElement);
    region.setAttribute('aria-busy', 'true');
    region.querySelectorAll('[data-flip]').forEach((el) => { el.textContent = el.dataset.flip; });
    let why = 'Codex could not be reached: nothing changed.';
    try {
      const response = await fetch(form.action, {
        method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { 'HX-Request': 'true', 'HX-Current-URL': location.href }, credentials: 'same-origin',
      });
      const to = response.headers.get('HX-Redirect'); // signed out: sign in first
      if (to) return location.assign(to);
      if (response.ok) {
        const template = document.createElement('template');
        template.innerHTML = await response.text();
        const fresh = template.content.firstElementChild;
        if (form.dataset.seen) try { localStorage.setItem('codex-seen:' + form.dataset.seen, '{"p":1,"d":1,"c":true,"at":' + Date.now() + '}'); } catch { /* off */ }
        if (!fresh || region.dataset.reload === 'true') return location.reload(); // e.g. joining opened this page's item
        region.replaceWith(fresh);
        if (focused) focusIn(fresh);
        return toast(fresh.dataset.message);
      }
      why = (response.headers.get('Content-Type') || '').startsWith('text/plain') ? await response.text()
        : response.status >= 500 ? 'Codex could not do that just now: nothing changed.'
        : 'That was refused: nothing changed.';
    } catch { /* not sent: why says so */ }
    region.replaceWith(before);
    if (focused) focusIn(before);
    toast(why);
  });
})();
