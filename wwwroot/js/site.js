// Codex site enhancements. Every page works without this file: it only makes htmx nicer.
// Loaded with `defer`, after htmx. No inline scripts anywhere (the CSP forbids them).
(() => {
  'use strict';

  // Lets CSS tell an enhanced page from a plain one (e.g. infinite scroll hides the page links, and shows the "More
  // results" sentinel that site.css hides with [data-needs-js] on pages without JavaScript).
  document.documentElement.classList.add('js');

  // Signing in or out forgets what this browser kept for the previous visitor: discover's places (discover.js) hold
  // the results as that visitor saw them, "Owned" badges included; player.js's progress records (codex-seen:, ADR 039);
  // and, on sign-out, the service worker's kept pages (ADR 038).
  document.addEventListener('submit', (event) => {
    const action = event.target.getAttribute('action') || '';
    if (!/^\/(login|logout)(\?|$)/.test(action)) return;
    try {
      sessionStorage.removeItem('codex:discover-places');
      Object.keys(localStorage).forEach((key) => { if (key.startsWith('codex-seen:')) localStorage.removeItem(key); });
    } catch (e) { /* storage is off: nothing was kept */ }
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker && action.startsWith('/logout')) worker.postMessage('forget');
  });

  const DEBOUNCE_MS = 300;
  const MIN_SEARCH_CHARS = 2;
  let searchTimer;

  // Search as you type: 300 ms after the last keystroke, from 2 characters (or when cleared),
  // raise the form's search event (data-search-event) that its hx-trigger listens for.
  document.addEventListener('input', (event) => {
    const input = event.target.closest && event.target.closest('[data-search-input]');
    if (!input || !input.form) return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      const length = input.value.trim().length;
      if (length === 0 || length >= MIN_SEARCH_CHARS) htmx.trigger(input.form, input.form.dataset.searchEvent);
    }, DEBOUNCE_MS);
  });

  // Filters (selects) search at once.
  document.addEventListener('change', (event) => {
    const field = event.target.closest && event.target.closest('[data-search-filter]');
    if (field && field.form && field.form.dataset.searchEvent) htmx.trigger(field.form, field.form.dataset.searchEvent);
  });

  // Studio: while the slug follows the title (data-slug-auto), typing a title fills the slug and raises the
  // slug field's event, which runs its availability check. Typing in the slug itself takes it over; clearing it
  // hands it back to the title. Without JavaScript the server makes the slug from the title instead.
  const SLUG_MAX = 200;
  const TWO_LETTERS = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th', 'ð': 'd', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ħ': 'h', 'ı': 'i' };
  function slugFrom(title) {
    let slug = title.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[ßæœþðøłđħı]/g, (c) => TWO_LETTERS[c])
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (slug.length > SLUG_MAX) slug = slug.slice(0, SLUG_MAX).replace(/-+$/, '');
    return slug;
  }
  document.addEventListener('input', (event) => {
    const target = event.target;
    if (!target.closest || !target.form) return;
    if (target.matches('[data-slug-target]')) {
      target.dataset.slugAuto = target.value.trim() === '' ? 'true' : 'false';
      return;
    }
    if (!target.matches('[data-slug-source]')) return;
    const slug = target.form.querySelector('[data-slug-target]');
    if (!slug || slug.dataset.slugAuto !== 'true') return;
    const next = target.value.trim() === '' ? '' : slugFrom(target.value);
    if (slug.value === next) return;
    slug.value = next;
    clearTimeout(slug.slugTimer);
    slug.slugTimer = setTimeout(() => htmx.trigger(slug, 'codex:slug-filled'), DEBOUNCE_MS);
  });

  // A form that came back with errors (issue 15, item 10): the focus goes to its error summary, else its first invalid
  // field, else its error notice when no field is to blame (a wrong password, a pause after too many tries), instead of
  // dropping to <body>; a polite live region says how many fields need attention. Only after the form's own submit
  // (not a slug check, a preview or a search as you type, which must leave the focus where it is).
  function announce(message) {
    const region = document.getElementById('form-status');
    if (!region) return;
    region.textContent = '';
    // A change a moment later is read out even when the same sentence comes twice in a row.
    setTimeout(() => { region.textContent = message; }, 50);
  }
  document.addEventListener('htmx:afterSettle', (event) => {
    const config = event.detail.requestConfig;
    const source = config && config.elt;
    if (!source || source.tagName !== 'FORM' || !source.id) return;
    if (!config.triggeringEvent || config.triggeringEvent.type !== 'submit') return;
    const form = document.getElementById(source.id);
    if (!form) return;
    const invalid = form.querySelectorAll('[aria-invalid="true"]');
    const summary = form.querySelector('[data-error-summary]');
    const notice = summary || form.querySelector('.notice-error');
    // A form with an error summary (the studio's, which links each field) hands the focus to it; others to the field.
    if (invalid.length > 0 && !summary) {
      invalid[0].focus();
      const first = form.querySelector('.field-error');
      announce((invalid.length === 1 ? 'One field needs attention' : invalid.length + ' fields need attention')
        + (first ? ': ' + first.textContent.trim() : '.'));
    } else if (notice) {
      if (!notice.hasAttribute('tabindex')) notice.setAttribute('tabindex', '-1');
      notice.focus(); // its role="alert" reads it out: no second announcement
    }
  });

  // Receipts offer a Print button; without JavaScript it stays hidden and the browser's own Print does the same.
  function showPrintButtons(root) {
    if (root && root.querySelectorAll) root.querySelectorAll('[data-print][hidden]').forEach((button) => { button.hidden = false; });
  }
  showPrintButtons(document);
  document.addEventListener('htmx:load', (event) => showPrintButtons(event.detail.elt));
  document.addEventListener('click', (event) => {
    if (event.target.closest && event.target.closest('[data-print]')) window.print();
  });

  // A click or submit that swaps the region holding the focus (a role change, a page of customers) would leave the
  // focus on the page's body, sending a keyboard user back to the top: it goes to the new region's heading instead.
  let refocus = null;
  document.addEventListener('htmx:beforeSwap', (event) => {
    const target = event.detail.target;
    const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    refocus = target && target.id && trigger && (trigger.type === 'click' || trigger.type === 'submit')
      && target.contains(document.activeElement) ? target.id : null;
  });
  document.addEventListener('htmx:afterSettle', () => {
    const id = refocus;
    refocus = null;
    if (!id || (document.activeElement && document.activeElement !== document.body)) return;
    const region = document.getElementById(id);
    if (!region) return;
    const into = region.querySelector('h1, h2, h3') || region;
    if (!into.hasAttribute('tabindex')) into.setAttribute('tabindex', '-1');
    into.focus();
  });

  // Nothing fails silently: a request that could not be sent, or an error answer htmx does not swap,
  // becomes a toast with a retry.
  function toast(message, retry) {
    const region = document.getElementById('toasts');
    if (!region) return;
    const box = document.createElement('div');
    box.className = 'toast';
    const text = document.createElement('p');
    text.textContent = message;
    box.appendChild(text);
    if (retry) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button';
      button.textContent = 'Retry';
      button.addEventListener('click', () => { box.remove(); retry(); });
      box.appendChild(button);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'toast-close';
    close.setAttribute('aria-label', 'Dismiss');
    close.textContent = '\u00d7';
    close.addEventListener('click', () => box.remove());
    box.appendChild(close);
    region.appendChild(box);
    setTimeout(() => box.remove(), 15000);
  }

  function retryFor(detail) {
    const config = detail.requestConfig;
    if (!config || config.verb !== 'get') return null;
    return () => htmx.ajax('GET', config.path, { source: detail.elt, target: detail.target, swap: 'outerHTML' });
  }

  document.addEventListener('htmx:sendError', (event) => {
    toast('We could not reach Codex. Check your connection.', retryFor(event.detail));
  });
  document.addEventListener('htmx:responseError', (event) => {
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    toast(status === 429 ? 'Too many requests. Please wait a moment.' : 'Something went wrong loading that.', retryFor(event.detail));
  });
})();

// Issue 16, offline (ADR 038): a service worker keeps the shell, the last library page and the articles read, for
// reading offline, and sends progress saved offline (Background Sync). Not registered on /dev/ pages (a developer's
// tools, never read offline). Signing out tells it to forget what it kept (above; it also sees the sign-out itself).
if ('serviceWorker' in navigator && !location.pathname.startsWith('/dev/')) {
  navigator.serviceWorker.register('/sw.js').catch(() => { /* nothing kept: the site works as before */ });
}
