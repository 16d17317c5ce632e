// The dashboard's one door to the API: the key (kept in sessionStorage), fetch with it, the job event stream, and
// the page frame every page shares (sign-in, who is signed in, sign-out). No framework, no build.

const KEY = 'askflow.apiKey';

/** An answer of the API that was not a 2xx: its status and problem+json, when it sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

function headers(extra) {
  return Object.assign({ Authorization: `Bearer ${apiKey()}`, Accept: 'application/json' }, extra || {});
}

/** GET (or another method with a JSON body) of an API path; the parsed JSON, or an ApiError. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, signal, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
    }
    throw new ApiError(response.status, json);
  }
  return json;
}

/**
 * Follows a job's server-sent events (GET /v1/jobs/{id}/events) with the key in the Authorization header, which an
 * EventSource cannot send: fetch() and a stream reader instead. Calls onEvent({id, event, data}) per event, data
 * parsed; resolves when the stream ends (after COMPLETED or FAILED) or the signal aborts it.
 */
export async function followEvents(jobId, onEvent, signal) {
  const response = await fetch(`/v1/jobs/${encodeURIComponent(jobId)}/events`,
    { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!response.ok || !response.body) {
    throw new ApiError(response.status, null);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (event.data.length > 0) {
          onEvent({ id: event.id, event: event.event || 'message', data: JSON.parse(event.data.join('\n')) });
        }
        event = { data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') {
          event.data.push(text);
        } else if (field === 'id' || field === 'event') {
          event[field] = text;
        }
      }
    }
  }
}

/** An element: el('td', {class: 'x'}, 'text', child, ...); attributes set as attributes, never as HTML. */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  });
  children.flat().forEach((child) => {
    if (child !== undefined && child !== null) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  });
  return node;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function duration(ms) {
  if (ms === undefined || ms === null) {
    return '–';
  }
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

export function statusBadge(status) {
  return el('span', { class: `status status-${status}` }, status || '');
}

/** Shows an error in the page's #message region (role=alert), or clears it. */
export function message(text) {
  const region = document.getElementById('message');
  if (region) {
    region.textContent = text || '';
  }
}

const PAGES = [
  ['index.html', 'Overview'], ['jobs.html', 'Jobs'], ['chains.html', 'Chains'], ['batches.html', 'Batches'],
];

/** The header (brand, navigation, who is signed in) and the sign-in form, the same on every page. */
function frame() {
  const current = location.pathname.split('/').pop() || 'index.html';
  const nav = el('nav', { 'aria-label': 'Pages' }, el('ul', {}, PAGES.map(([href, label]) => el('li', {},
    el('a', { href: `/ui/${href}`, 'aria-current': href === current || (current === 'job.html' && href === 'jobs.html')
      ? 'page' : null }, label)))));
  document.body.prepend(
    el('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    el('header', { class: 'top' }, el('span', { class: 'brand' }, 'Askflow'), nav,
      el('span', { id: 'who', class: 'who', 'aria-live': 'polite' }),
      el('button', { id: 'sign-out', type: 'button', hidden: true }, 'Sign out')));
  document.getElementById('main').prepend(
    el('section', { id: 'sign-in', class: 'sign-in panel', 'aria-labelledby': 'sign-in-title', hidden: true },
      el('h1', { id: 'sign-in-title' }, 'Sign in'),
      el('p', {}, 'Paste an API key (dev mode prints one in its banner). It is kept in this tab only and sent with '
        + 'every request.'),
      el('form', { id: 'sign-in-form' },
        el('label', { for: 'api-key' }, 'API key'),
        el('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true }),
        el('p', { id: 'sign-in-error', class: 'error', role: 'alert' }),
        el('button', { type: 'submit', id: 'sign-in-button' }, 'Sign in'))),
    el('p', { id: 'message', class: 'error', role: 'alert' }));
}

/**
 * The page frame: with a key, asks who it is (GET /v1/me) and calls render(me); without one (or a refused one), shows
 * the sign-in form. Every page calls this once.
 */
export function start(render) {
  frame();
  const signIn = document.getElementById('sign-in');
  const page = document.getElementById('page');
  const who = document.getElementById('who');
  const signOut = document.getElementById('sign-out');
  const form = document.getElementById('sign-in-form');
  const problem = document.getElementById('sign-in-error');

  const showSignIn = (text) => {
    page.hidden = true;
    signIn.hidden = false;
    signOut.hidden = true;
    who.textContent = '';
    problem.textContent = text || '';
    document.getElementById('api-key').focus();
  };
  const enter = async () => {
    try {
      const me = await api('/v1/me');
      signIn.hidden = true;
      page.hidden = false;
      signOut.hidden = false;
      who.textContent = me.admin ? `tenant ${me.tenant} (admin: every tenant)` : `tenant ${me.tenant}`;
      await render(me);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        showSignIn('That key was refused: it is unknown, malformed or revoked.');
      } else {
        page.hidden = false;
        message(`Could not load: ${e.message}`);
      }
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = document.getElementById('api-key').value.trim();
    if (key) {
      sessionStorage.setItem(KEY, key);
      document.getElementById('api-key').value = '';
      enter();
    }
  });
  signOut.addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    showSignIn('Signed out.');
  });
  if (apiKey()) {
    enter();
  } else {
    showSignIn('');
  }
}
