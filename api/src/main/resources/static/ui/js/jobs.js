// Jobs: GET /v1/jobs with filters and keyset paging (nextCursor), and a form that submits a new job and opens it.
import { api, el, message, start, statusBadge, time } from './api.js';

let cursor = null;
let admin = false;

function isoOf(id) {
  const value = document.getElementById(id).value;
  return value ? new Date(value).toISOString() : null;
}

function query() {
  const params = new URLSearchParams({ limit: '20' });
  const add = (name, value) => (value ? params.set(name, value) : null);
  add('q', document.getElementById('q').value.trim());
  add('status', document.getElementById('status').value);
  add('chain', document.getElementById('chain').value);
  add('from', isoOf('from'));
  add('to', isoOf('to'));
  if (admin) {
    add('tenant', document.getElementById('tenant').value.trim() || '*');
  }
  return params;
}

function row(job) {
  return el('tr', { 'data-job': job.id },
    el('td', {}, time(job.submittedAt)),
    el('td', { class: 'question' }, el('a', { href: `/ui/job.html?id=${encodeURIComponent(job.id)}` }, job.question)),
    el('td', {}, statusBadge(job.status)),
    el('td', { class: 'optional' }, job.source || ''),
    el('td', { class: 'optional' }, job.chain));
}

async function load(from) {
  const params = query();
  if (from) {
    params.set('cursor', from);
  }
  try {
    const page = await api(`/v1/jobs?${params}`);
    document.querySelector('#jobs tbody').replaceChildren(...page.jobs.map(row));
    document.getElementById('empty').hidden = page.jobs.length > 0;
    cursor = page.nextCursor || null;
    document.getElementById('next').disabled = !cursor;
    message('');
    document.body.dataset.loaded = 'true';
  } catch (e) {
    message(`Could not list the jobs: ${e.message}`);
  }
}

async function chains() {
  const catalog = await api('/v1/chains');
  const names = catalog.chains.map((c) => c.name);
  document.getElementById('chain').append(...names.map((n) => el('option', { value: n }, n)));
  document.getElementById('new-chain').append(...names.map((n) => el('option', { value: n, selected: n === 'answer' },
    n)));
}

async function submit(event) {
  event.preventDefault();
  const question = document.getElementById('question').value.trim();
  if (!question) {
    return;
  }
  try {
    const job = await api('/v1/jobs', { method: 'POST',
      body: { question, chain: document.getElementById('new-chain').value || undefined } });
    location.assign(`/ui/job.html?id=${encodeURIComponent(job.id)}`);
  } catch (e) {
    message(`Not submitted: ${e.message}`);
  }
}

start(async (me) => {
  admin = me.admin;
  document.getElementById('tenant-box').hidden = !admin;
  const params = new URLSearchParams(location.search);
  ['q', 'status', 'chain'].forEach((name) => {
    if (params.get(name)) {
      document.getElementById(name).value = params.get(name);
    }
  });
  document.getElementById('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load(null);
  });
  document.getElementById('first').addEventListener('click', () => load(null));
  document.getElementById('next').addEventListener('click', () => load(cursor));
  document.getElementById('submit-form').addEventListener('submit', submit);
  await chains().catch((e) => message(`Could not read the chains: ${e.message}`));
  await load(null);
});
