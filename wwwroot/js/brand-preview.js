// The settings page's live preview. The preview box takes its colours and fonts from a stylesheet of the form's
// values, /studio/preview.css?..., which the server writes with the very rules the space's theme uses (contrast
// fallbacks included), so the rule lives in one place. As the inputs change this module points a new stylesheet at
// the new values and drops the old one once the new one has loaded (no flash of default colours), keeps each colour's
// text field and picker in step, and copies the name and description into the preview. Without JavaScript the
// "Preview" button shows the same thing after a round trip.
(() => {
  'use strict';

  const COLOR = /^#[0-9a-fA-F]{6}$/;
  let timer = null;

  const formOf = () => document.getElementById('settings-form');

  const value = (form, selector) => {
    const element = form.querySelector(selector);
    return element ? element.value.trim() : '';
  };

  // A colour as the server will read it: the text field (the picker is kept in step with it below).
  const color = (form, name) => value(form, `input[name="${name}.Text"]`);

  const stylesheetUrl = (form) => {
    const query = new URLSearchParams();
    const add = (key, v) => { if (v) query.append(key, v); };
    add('background', color(form, 'BackgroundColor'));
    add('primary', color(form, 'PrimaryColor'));
    add('secondary', color(form, 'SecondaryColor'));
    add('accent', color(form, 'AccentColor'));
    add('body', value(form, 'select[name="FontBody"]'));
    add('heading', value(form, 'select[name="FontHeading"]'));
    const text = query.toString();
    return form.dataset.previewCss + (text ? '?' + text : '');
  };

  const restyle = (form) => {
    const current = form.querySelector('link[data-brand-preview-css]');
    const url = stylesheetUrl(form);
    if (!current || current.getAttribute('href') === url) return;
    const next = document.createElement('link');
    next.rel = 'stylesheet';
    next.href = url;
    next.setAttribute('data-brand-preview-css', '');
    const swap = () => {
      // A later change may already have replaced this one; keep only the newest.
      form.querySelectorAll('link[data-brand-preview-css]').forEach((link) => { if (link !== next) link.remove(); });
    };
    next.addEventListener('load', swap, { once: true });
    next.addEventListener('error', () => next.remove(), { once: true });
    current.after(next);
  };

  const copyText = (form) => {
    const name = form.querySelector('[data-preview-name]');
    const description = form.querySelector('[data-preview-description]');
    if (name) name.textContent = value(form, 'input[name="Name"]') || name.textContent;
    if (description) description.textContent = value(form, 'textarea[name="Description"]');
  };

  const syncColor = (input) => {
    const field = input.closest('[data-color-field]');
    if (!field) return;
    const text = field.querySelector('[data-color-text]');
    const picker = field.querySelector('[data-color-picker]');
    const shown = field.querySelector('[data-color-shown]');
    if (input === picker) {
      text.value = picker.value;
    } else if (COLOR.test(text.value.trim())) {
      picker.value = text.value.trim().toLowerCase();
    } else if (text.value.trim() === '') {
      picker.value = text.dataset.colorDefault;
    }
    // The text field now says what the picker shows: the server takes the text.
    shown.value = picker.value;
  };

  const changed = (event) => {
    const form = formOf();
    if (!form || !form.contains(event.target)) return;
    if (event.target.matches('[data-color-picker], [data-color-text]')) syncColor(event.target);
    copyText(form);
    clearTimeout(timer);
    timer = setTimeout(() => restyle(form), 120);
  };

  // Delegated, so a form htmx swapped in (after an invalid save) keeps working.
  document.addEventListener('input', changed);
  document.addEventListener('change', changed);
})();
