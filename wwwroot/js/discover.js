// The discover page keeps your place (issue 15, item 7; ADR 032). Loaded by /discover only, with `defer` after htmx
// and site.js, so it runs before htmx reads the page. Without it (or without JavaScript) nothing breaks: the page links
// and the plain GET form work as before.
(() => {
  'use strict';
  if (window.codexDiscover) return; // a page htmx puts back whole may carry this script again
  window.codexDiscover = true;

  const RESULTS = 'discover-results';
  const FORM = 'discover-form';
  const KEY = 'codex:discover-places';
  const KEEP = 5; // places remembered per tab
  const MAX_AGE_MS = 30 * 60 * 1000; // older places are not brought back: the catalogue has moved on

  const here = () => location.pathname + location.search;

  function places() {
    try {
      const list = JSON.parse(sessionStorage.getItem(KEY));
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function keep(list) {
    while (list.length > 0) {
      try {
        sessionStorage.setItem(KEY, JSON.stringify(list));
        return;
      } catch (e) {
        list.shift(); // full: forget the oldest place first
      }
    }
    try { sessionStorage.removeItem(KEY); } catch (e) { /* storage is off: nothing to keep */ }
  }

  // The form says what the address searches. htmx's history snapshots hold the page's markup, where the search box
  // still has the value it was rendered with, not what was typed since: after Back within the search history the box
  // was empty while the results stayed filtered. Fields not in the address take their first choice.
  function formFromAddress() {
    const form = document.getElementById(FORM);
    if (!form) return;
    const query = new URLSearchParams(location.search);
    for (const field of form.elements) {
      if (!field.name || field.type === 'hidden' || field.type === 'submit') continue;
      field.value = query.get(field.name) || '';
      if (field.tagName === 'SELECT' && field.selectedIndex < 0) field.selectedIndex = 0;
    }
  }

  document.addEventListener('htmx:historyRestore', formFromAddress);

  // Leaving the page (an item opened, say): remember the results as they are, with every page infinite scroll added,
  // where the window was and which link had the focus, under the address (which infinite scroll kept up to date).
  window.addEventListener('pagehide', () => {
    const results = document.getElementById(RESULTS);
    if (!results) return;
    const copy = results.cloneNode(true);
    // A sentinel already seen would not load its page again; one whose request was cut short must.
    copy.querySelectorAll('[data-hx-revealed]').forEach((e) => e.removeAttribute('data-hx-revealed'));
    copy.querySelectorAll('.htmx-request').forEach((e) => e.classList.remove('htmx-request'));
    const active = document.activeElement;
    const focus = active && active !== results && results.contains(active) ? active.getAttribute('href') : null;
    const list = places().filter((p) => p.url !== here());
    list.push({ url: here(), html: copy.outerHTML, scroll: window.scrollY, focus, at: Date.now() });
    keep(list.slice(-KEEP));
  });

  // Coming back to the address (Back or Forward) in a browser that loads the page again instead of keeping it: the
  // server renders only the page of the address, so the remembered results go back in before htmx reads the page,
  // then the window returns to where it was and the focus to the link that was followed.
  function restore() {
    const navigation = performance.getEntriesByType ? performance.getEntriesByType('navigation')[0] : null;
    if (!navigation || navigation.type !== 'back_forward') return;
    const place = places().find((p) => p.url === here());
    const results = document.getElementById(RESULTS);
    if (!place || !results || Date.now() - place.at > MAX_AGE_MS) return;
    results.outerHTML = place.html;
    formFromAddress();
    window.scrollTo(0, place.scroll);
    if (place.focus) {
      const link = Array.from(document.getElementById(RESULTS).querySelectorAll('a[href]'))
        .find((a) => a.getAttribute('href') === place.focus);
      if (link) link.focus({ preventScroll: true });
    }
  }

  restore();
})();
