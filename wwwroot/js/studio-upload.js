// Studio uploads with a progress bar and a cancel button. Without this file the form is a plain multipart post
// that the site passes through to the Content-API, then redirects back; with it, the same post is sent by
// XMLHttpRequest (which reports upload progress, unlike fetch) and the media list is swapped in place.
(() => {
  'use strict';

  const form = document.querySelector('form[data-upload-token]');
  if (!form) return;
  const progress = form.querySelector('.upload-progress');
  const bar = progress.querySelector('progress');
  const percent = progress.querySelector('.upload-percent');
  const cancel = progress.querySelector('.upload-cancel');
  const submit = form.querySelector('button[type=submit]');
  let request = null;

  const problem = (text) => {
    const element = document.getElementById('upload-problem');
    element.textContent = text || '';
    element.hidden = !text;
  };

  const finish = () => {
    request = null;
    progress.hidden = true;
    submit.disabled = false;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (request) return;
    problem('');
    const body = new FormData(form); // in document order: the organization, the title, then the file
    request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('X-Codex-Antiforgery', form.dataset.uploadToken);
    request.setRequestHeader('HX-Request', 'true');
    request.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const done = Math.floor((e.loaded / e.total) * 100);
      bar.value = done;
      percent.textContent = done + ' %';
    });
    request.addEventListener('load', () => {
      const answer = request;
      finish();
      if (answer.status === 201) {
        const list = document.getElementById('media-list');
        list.outerHTML = answer.responseText;
        const fresh = document.getElementById('media-list');
        if (window.htmx && fresh) window.htmx.process(fresh); // rows still being prepared start polling
        form.reset();
        problem('');
      } else {
        const holder = document.createElement('div');
        holder.innerHTML = answer.responseText;
        const message = holder.querySelector('#upload-problem');
        problem(message ? message.textContent : 'The upload failed (' + answer.status + '). Try again.');
      }
    });
    request.addEventListener('error', () => {
      finish();
      problem('The connection was lost during the upload. Nothing was saved; try again.');
    });
    request.addEventListener('abort', () => {
      finish();
      problem('Upload cancelled. Nothing was saved.');
    });
    bar.value = 0;
    percent.textContent = '0 %';
    progress.hidden = false;
    submit.disabled = true;
    request.send(body);
    cancel.focus();
  });

  cancel.addEventListener('click', () => {
    if (request) request.abort();
  });
})();
