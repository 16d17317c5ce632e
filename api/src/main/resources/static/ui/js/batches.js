// Batches: the OpenAI-shaped GET /v1/batches (status, request_counts, output and error files, downloaded from
// GET /v1/files/{id}/content with the key). An API without batches answers 404: the page says "No batches".
import { ApiError, apiKey, api, el, message, start, statusBadge } from './api.js';

function progress(batch) {
  const counts = batch.request_counts || { total: 0, completed: 0, failed: 0 };
  const done = counts.completed + counts.failed;
  return el('div', {},
    el('progress', { max: Math.max(counts.total, 1), value: done,
      'aria-label': `${batch.id}: ${done} of ${counts.total} requests done` }),
    el('span', { class: 'muted' }, `${counts.completed} completed, ${counts.failed} failed of ${counts.total}`));
}

async function download(fileId, name) {
  const response = await fetch(`/v1/files/${encodeURIComponent(fileId)}/content`,
    { headers: { Authorization: `Bearer ${apiKey()}` } });
  if (!response.ok) {
    message(`Could not download ${fileId}: HTTP ${response.status}`);
    return;
  }
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

function fileButton(fileId, label) {
  if (!fileId) {
    return null;
  }
  const button = el('button', { type: 'button', class: 'secondary' }, label);
  button.addEventListener('click', () => download(fileId, `${fileId}.jsonl`));
  return button;
}

function row(batch) {
  return el('tr', { 'data-batch': batch.id },
    el('td', {}, batch.id, batch.metadata && batch.metadata.description
      ? el('div', { class: 'muted' }, batch.metadata.description) : null),
    el('td', {}, statusBadge(batch.status)),
    el('td', {}, progress(batch)),
    el('td', { class: 'optional' }, batch.created_at ? new Date(batch.created_at * 1000).toLocaleString() : ''),
    el('td', {}, fileButton(batch.output_file_id, 'Output'), ' ', fileButton(batch.error_file_id, 'Errors')));
}

function none() {
  document.getElementById('no-batches').hidden = false;
  document.getElementById('batches').hidden = true;
}

start(async () => {
  try {
    const list = await api('/v1/batches?limit=100');
    const batches = (list && list.data) || [];
    if (batches.length === 0) {
      none();
    } else {
      document.getElementById('batches').hidden = false;
      document.querySelector('#batches tbody').replaceChildren(...batches.map(row));
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      none();
    } else {
      message(`Could not list the batches: ${e.message}`);
    }
  }
  document.body.dataset.loaded = 'true';
});
