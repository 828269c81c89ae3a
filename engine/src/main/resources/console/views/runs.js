// The list of runs: status, progress, records, rate, times.
import { get, segment } from '../api.js';
import { badge, fill, h, table } from '../dom.js';
import { count, duration, elapsed, rate, runRate, time } from '../format.js';

export function mount(view) {
  const body = h('div');
  fill(view, h('h1', {}, 'Runs'), body);
  return {
    async refresh() {
      const runs = await get('/runs');
      fill(body, table('runs-table',
        ['Run', 'Job', 'Status', 'Progress', 'Records in', 'Out', 'Bad', 'Rate', 'Started', 'Took'],
        runs, (run) => h('tr', { 'data-run-id': run.runId },
          h('td', {}, h('a', { href: '#/runs/' + segment(run.runId) }, run.runId)),
          h('td', {}, run.job),
          h('td', {}, badge(run.status)),
          h('td', {}, progress(run)),
          h('td', { class: 'num' }, count(run.records.in)),
          h('td', { class: 'num' }, count(run.records.out)),
          h('td', { class: run.records.bad > 0 ? 'num bad' : 'num' }, count(run.records.bad)),
          h('td', { class: 'num' }, rate(runRate(run))),
          h('td', {}, time(run.startedAt)),
          h('td', {}, duration(elapsed(run)))),
        'No runs yet: submit one with sluice submit, or POST /api/v1/runs.'));
    },
  };
}

/** Partitions done of total, as a bar and a fraction. */
export function progress(run) {
  const { total, done, failed } = run.partitions;
  const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
  const bar = h('progress', { max: Math.max(total, 1), value: done });
  return h('span', { class: 'progress', title: `${done} of ${total} partitions committed, ${failed} failed` },
    bar, ` ${done}/${total} (${percent}%)`);
}
