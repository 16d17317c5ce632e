// A job: GET /v1/jobs/{id}, its timeline and live progress from its event stream (replayed from the start, then
// followed until COMPLETED or FAILED), its steps once it ends, and its webhook deliveries.
import { api, duration, el, followEvents, message, start, statusBadge, time } from './api.js';

const jobId = new URLSearchParams(location.search).get('id');
const TERMINAL = ['COMPLETED', 'FAILED'];
const SETTLE_TRIES = 20;
const SETTLE_MS = 250;

/**
 * The job once its row says it ended: the event stream comes from Kafka, a little before the pipeline's sinks have
 * written the row and its steps, so the row is read a few times more.
 */
async function settled() {
  let job = await api(`/v1/jobs/${encodeURIComponent(jobId)}`);
  for (let i = 0; i < SETTLE_TRIES && !(TERMINAL.includes(job.status) && (job.steps || []).length > 0
    || job.status === 'FAILED'); i += 1) {
    await new Promise((resolve) => { setTimeout(resolve, SETTLE_MS); });
    job = await api(`/v1/jobs/${encodeURIComponent(jobId)}`);
  }
  return job;
}

function facts(job) {
  const items = [['Status', statusBadge(job.status)], ['Source', job.source], ['Chain', `${job.chain} `
    + `(${job.chainVersion})`], ['Model', job.model], ['Submitted', time(job.submittedAt)],
  ['Completed', time(job.completedAt)],
  ['Tokens', job.tokens ? `${job.tokens.promptTokens} in, ${job.tokens.completionTokens} out` : null],
  ['Error', job.error ? `${job.error.type}: ${job.error.message}` : null],
  ['Metadata', job.metadata && Object.keys(job.metadata).length ? JSON.stringify(job.metadata) : null]];
  document.getElementById('facts').replaceChildren(...items.filter(([, v]) => v)
    .flatMap(([k, v]) => [el('dt', {}, k), el('dd', { id: `fact-${k.toLowerCase()}` }, v)]));
}

function show(job) {
  document.getElementById('job-id').textContent = job.id;
  document.getElementById('question').textContent = job.question;
  facts(job);
  const answer = document.getElementById('answer');
  if (job.answer) {
    answer.textContent = job.answer;
  } else if (!answer.textContent) {
    answer.textContent = job.error ? '' : 'No answer yet.';
  }
  const progress = document.getElementById('progress');
  if (job.run && job.run.stepsTotal) {
    progress.max = job.run.stepsTotal;
    progress.value = job.run.stepsDone;
  } else if (job.status === 'COMPLETED' || job.status === 'FAILED') {
    progress.value = progress.max;
  }
  document.querySelector('#steps tbody').replaceChildren(...(job.steps || []).map((s) => el('tr', {},
    el('td', {}, s.index + 1), el('td', {}, s.name), el('td', {}, s.agent || ''), el('td', {}, s.model || ''),
    el('td', { class: 'optional' }, s.host || ''),
    el('td', {}, s.tokens ? s.tokens.promptTokens + s.tokens.completionTokens : ''), el('td', {},
      duration(s.durationMs)))));
  if (!TERMINAL.includes(document.body.dataset.status)) {
    document.body.dataset.status = job.status;
  }
}

function onEvent({ event, data }) {
  const timeline = document.getElementById('timeline');
  if (event === 'status') {
    timeline.append(el('li', { 'data-status': data.status }, statusBadge(data.status), ' ', time(data.at),
      data.source ? ` (${data.source})` : ''));
    document.getElementById('fact-status')?.replaceChildren(statusBadge(data.status));
    document.body.dataset.status = data.status;
    if (data.answer) {
      document.getElementById('answer').textContent = data.answer;
    } else if (data.error) {
      document.getElementById('answer').textContent = `${data.error.type}: ${data.error.message}`;
    }
  } else if (event === 'progress') {
    const progress = document.getElementById('progress');
    progress.max = data.stepsTotal;
    progress.value = data.stepsDone;
    timeline.append(el('li', {}, `step ${Math.min(data.stepsDone + 1, data.stepsTotal)} of ${data.stepsTotal}`
      + `${data.currentStep ? `: ${data.currentStep}` : ' done'} `, time(data.at)));
  }
}

async function deliveries() {
  const list = await api(`/v1/jobs/${encodeURIComponent(jobId)}/deliveries`);
  document.querySelector('#deliveries tbody').replaceChildren(...(list.length ? list.map((d) => el('tr', {},
    el('td', {}, d.event), el('td', {}, d.url), el('td', {}, statusBadge(d.status)), el('td', {}, d.attemptCount),
    el('td', { class: 'optional' }, d.lastStatusCode || d.lastError || ''))) : [el('tr', {},
    el('td', { colspan: 5, class: 'muted' }, 'None: the job has no webhook and no endpoint is registered.'))]));
}

start(async () => {
  if (!jobId) {
    message('No job id in the address: open a job from the jobs list.');
    return;
  }
  try {
    show(await api(`/v1/jobs/${encodeURIComponent(jobId)}`));
  } catch (e) {
    message(e.status === 404 ? 'No such job (or not one of your tenant\'s).' : `Could not load: ${e.message}`);
    return;
  }
  deliveries().catch((e) => message(`Could not read the deliveries: ${e.message}`));
  document.body.dataset.loaded = 'true';
  try {
    await followEvents(jobId, onEvent);
  } catch (e) {
    message(`The live updates stopped: ${e.message}`);
  }
  // the stream ended with the job: read it once more for its steps and tokens
  show(await settled());
  await deliveries().catch(() => null);
});
