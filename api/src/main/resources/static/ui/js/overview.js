// Overview: GET /v1/stats every few seconds, drawn with Chart.js (the webjar, loaded by the page as window.Chart).
import { api, duration, el, message, start } from './api.js';

const REFRESH_MS = 3000;
const QUEUE_SAMPLES = 100;
const COLORS = { llm: '#0b5cad', cache: '#116329', coalesced: '#8a3ffc', failed: '#a40e26', p95: '#7a4a00' };

const charts = {};
const queueSamples = [];
let timer = null;
let scope = null;

function chart(id, type, datasets, stacked) {
  return new window.Chart(document.getElementById(id), {
    type,
    data: { labels: [], datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked, ticks: { maxTicksLimit: 6 } }, y: { stacked, beginAtZero: true } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function setUp() {
  charts.jobs = chart('chart-jobs', 'bar', [
    { label: 'LLM', backgroundColor: COLORS.llm, data: [] },
    { label: 'Cache', backgroundColor: COLORS.cache, data: [] },
    { label: 'Coalesced', backgroundColor: COLORS.coalesced, data: [] },
    { label: 'Failed', backgroundColor: COLORS.failed, data: [] }], true);
  charts.latency = chart('chart-latency', 'line', [
    { label: 'median', borderColor: COLORS.llm, backgroundColor: COLORS.llm, data: [], spanGaps: true },
    { label: '95th percentile', borderColor: COLORS.p95, backgroundColor: COLORS.p95, data: [], spanGaps: true }],
  false);
  charts.queue = chart('chart-queue', 'line', [
    { label: 'queued', borderColor: COLORS.p95, backgroundColor: COLORS.p95, data: [] },
    { label: 'running', borderColor: COLORS.llm, backgroundColor: COLORS.llm, data: [] }], false);
  charts.tokens = chart('chart-tokens', 'line', [
    { label: 'tokens/s', borderColor: COLORS.cache, backgroundColor: COLORS.cache, data: [] }], false);
}

function clock(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function tile(label, value, id) {
  return el('div', { class: 'tile', id }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
}

function draw(stats) {
  const t = stats.totals;
  document.getElementById('tiles').replaceChildren(
    tile('jobs completed', t.completed, 'tile-completed'),
    tile('failed', t.failed, 'tile-failed'),
    tile('cache hit ratio', t.cacheHitRatio === undefined ? '–' : `${Math.round(t.cacheHitRatio * 100)} %`,
      'tile-cache'),
    tile('runs saved by coalescing', t.coalesced, 'tile-coalesced'),
    tile('median submit → completed', duration(t.latencyP50Ms), 'tile-latency'),
    tile('tokens per second', t.tokensPerSecond.toFixed(1), 'tile-tokens'),
    tile('queued / running now', `${stats.queue.queued} / ${stats.queue.running}`, 'tile-queue'));
  const labels = stats.buckets.map((b) => clock(b.start));
  const perSecond = (n) => n / stats.bucketSeconds;
  charts.jobs.data.labels = labels;
  ['llm', 'cache', 'coalesced', 'failed'].forEach((source, i) => {
    charts.jobs.data.datasets[i].data = stats.buckets.map((b) => perSecond(b[source]));
  });
  charts.latency.data.labels = labels;
  charts.latency.data.datasets[0].data = stats.buckets.map((b) => (b.latencyP50Ms === undefined ? null : b.latencyP50Ms));
  charts.latency.data.datasets[1].data = stats.buckets.map((b) => (b.latencyP95Ms === undefined ? null : b.latencyP95Ms));
  charts.tokens.data.labels = labels;
  charts.tokens.data.datasets[0].data = stats.buckets.map((b) => perSecond(b.tokens));
  queueSamples.push({ at: clock(stats.to), ...stats.queue });
  queueSamples.splice(0, Math.max(0, queueSamples.length - QUEUE_SAMPLES));
  charts.queue.data.labels = queueSamples.map((s) => s.at);
  charts.queue.data.datasets[0].data = queueSamples.map((s) => s.queued);
  charts.queue.data.datasets[1].data = queueSamples.map((s) => s.running);
  Object.values(charts).forEach((c) => c.update());
  document.getElementById('updated').textContent = `Updated ${new Date().toLocaleTimeString()}, every `
    + `${REFRESH_MS / 1000} s; ${stats.scope === '*' ? 'every tenant' : `tenant ${stats.scope}`}.`;
  document.body.dataset.loaded = 'true';
}

async function refresh() {
  clearTimeout(timer);
  const span = document.getElementById('window').value;
  const tenant = scope ? `&tenant=${encodeURIComponent(scope)}` : '';
  try {
    draw(await api(`/v1/stats?window=${encodeURIComponent(span)}${tenant}`));
    message('');
  } catch (e) {
    message(`Could not load the figures: ${e.message}`);
  }
  // a modest refresh, paused while the tab is hidden: no polling storm from forgotten tabs
  timer = setTimeout(() => (document.hidden ? null : refresh()), REFRESH_MS);
}

start(async (me) => {
  setUp();
  if (me.admin) {
    document.getElementById('tenant-box').hidden = false;
    scope = '*';
    document.getElementById('tenant').addEventListener('change', (event) => {
      scope = event.target.value.trim() || '*';
      queueSamples.length = 0;
      refresh();
    });
  }
  document.getElementById('window').addEventListener('change', refresh);
  document.addEventListener('visibilitychange', () => (document.hidden ? null : refresh()));
  await refresh();
});
