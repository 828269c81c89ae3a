// The console's shell: the token prompt, the router (#/runs, #/runs/{id}, #/jobs, #/nodes)
// and the polling that refreshes the page shown every two seconds.
import { Unauthorized, forgetToken, get, hasToken, setToken } from './api.js';
import * as runs from './views/runs.js';
import * as run from './views/run.js';
import * as jobs from './views/jobs.js';
import * as nodes from './views/nodes.js';

const REFRESH_MS = 2000;
const view = document.getElementById('view');
const login = document.getElementById('login');
const connection = document.getElementById('connection');
const forget = document.getElementById('forget-token');
let current = null;
let timer = null;

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'runs' && parts.length > 1 && parts[1]) {
    return { name: 'runs', module: run, params: { runId: decodeURIComponent(parts[1]) } };
  }
  if (parts[0] === 'jobs') return { name: 'jobs', module: jobs, params: {} };
  if (parts[0] === 'nodes') return { name: 'nodes', module: nodes, params: {} };
  return { name: 'runs', module: runs, params: {} };
}

function show() {
  clearTimeout(timer);
  if (current && current.unmount) current.unmount();
  const target = route();
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.nav === target.name));
  current = target.module.mount(view, target.params, showError);
  refresh();
}

async function refresh() {
  clearTimeout(timer);
  const shown = current;
  try {
    await shown.refresh();
    connection.textContent = 'updated ' + new Date().toLocaleTimeString();
    connection.classList.remove('error');
  } catch (e) {
    if (e instanceof Unauthorized) {
      askForToken(hasToken() ? 'The token was refused; enter it again.' : '');
      return;
    }
    showError(e);
  }
  if (shown === current) timer = setTimeout(refresh, REFRESH_MS);
}

function showError(e) {
  connection.textContent = e && e.message ? e.message : String(e);
  connection.classList.add('error');
}

function askForToken(message) {
  forgetToken();
  login.hidden = false;
  view.hidden = true;
  document.getElementById('token-error').textContent = message;
  document.getElementById('token').focus();
}

document.getElementById('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('token');
  setToken(input.value);
  input.value = '';
  login.hidden = true;
  view.hidden = false;
  forget.hidden = false;
  show();
});

forget.addEventListener('click', () => {
  forgetToken();
  forget.hidden = true;
  askForToken('');
});

window.addEventListener('hashchange', show);
forget.hidden = !hasToken();
// The first call tells whether the API wants a token: only then is the prompt shown.
get('/runs').then(show, (e) => (e instanceof Unauthorized ? askForToken('') : show()));
