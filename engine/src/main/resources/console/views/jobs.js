// Registered jobs: schedule, next fire, and the recent fires with their outcome.
import { get, post, segment } from '../api.js';
import { badge, fill, h, table } from '../dom.js';
import { time } from '../format.js';

export function mount(view, params, showError) {
  const body = h('div');
  const refresh = async () => {
    const [jobs, runs] = await Promise.all([get('/jobs'), get('/runs')]);
    const statusOf = new Map(runs.map((run) => [run.runId, run.status]));
    fill(body, table('jobs-table', ['Job', 'Schedule', 'Overlap', 'Next fire', 'Recent fires', ''], jobs,
      (job) => h('tr', { 'data-job': job.name },
        h('td', {}, job.name),
        h('td', {}, job.schedule ? h('code', {}, job.schedule) : 'trigger only'),
        h('td', {}, job.overlap),
        h('td', {}, time(job.nextFireTime)),
        h('td', {}, fires(job.fires, statusOf)),
        h('td', {}, h('button', { type: 'button', onclick: () => trigger(job.name) }, 'Run now'))),
      'No registered jobs: register one with sluice register, or PUT /api/v1/jobs/{name}.'));
  };
  const trigger = (name) => post('/jobs/' + segment(name) + '/runs').then(refresh).catch(showError);
  fill(view, h('h1', {}, 'Registered jobs'), body);
  return { refresh };
}

/** The recent fires: when, what caused it, its outcome, and the run it started with that run's status. */
function fires(list, statusOf) {
  if (!list || list.length === 0) return h('span', { class: 'muted' }, 'none yet');
  return h('ul', { class: 'fires' }, list.slice(0, 5).map((fire) => h('li', {},
    h('span', { class: 'when' }, time(fire.at)), ' ', h('span', { class: 'muted' }, fire.cause), ' ', badge(fire.outcome), ' ',
    fire.runId ? h('a', { href: '#/runs/' + segment(fire.runId) }, fire.runId) : null,
    fire.runId && statusOf.has(fire.runId) ? [' ', badge(statusOf.get(fire.runId))] : null,
    fire.reason ? h('span', { class: 'reason' }, ' ' + fire.reason) : null)));
}
