// One run: its partitions as a grid coloured by state, throughput over time, a sample of bad
// records with file, line and reason, and the manifest.
import uPlot from '../lib/uPlot.esm.js';
import { get, post, segment } from '../api.js';
import { badge, fill, h, table } from '../dom.js';
import { count, decoded, duration, elapsed, fileName, rate, runRate, time } from '../format.js';
import { progress } from './runs.js';

const STATES = ['PENDING', 'RUNNING', 'WAITING_RETRY', 'COMMITTED', 'FAILED'];

export function mount(view, params, showError) {
  const runId = params.runId;
  const path = '/runs/' + segment(runId);
  const title = h('h1', {}, 'Run ', h('span', { id: 'run-id' }, runId));
  const summary = h('div', { id: 'run-summary', class: 'summary' });
  const grid = h('div', { id: 'partition-grid', class: 'grid' });
  const legend = h('div', { id: 'partition-legend', class: 'legend' });
  const chartBox = h('div', { id: 'throughput-chart', class: 'chart' });
  const chartNote = h('p', { class: 'muted' });
  const badBox = h('div', { id: 'bad-records' });
  const manifestText = h('pre', { id: 'manifest' }, 'Open to load.');
  const manifest = h('details', { id: 'manifest-section', ontoggle: () => manifest.open && loadManifest() },
    h('summary', {}, 'Manifest (_manifest.json)'), manifestText);
  let chart = null;

  const loadManifest = () => get(path + '/manifest')
    .then((json) => { manifestText.textContent = JSON.stringify(json, null, 2); })
    .catch((e) => { manifestText.textContent = e.message; });

  const cancel = () => post(path + '/cancel').catch(showError);

  fill(view, title, summary,
    h('section', {}, h('h2', {}, 'Partitions'), legend, grid),
    h('section', {}, h('h2', {}, 'Throughput'), chartBox, chartNote),
    h('section', {}, h('h2', {}, 'Bad records'), badBox),
    h('section', {}, manifest));

  return {
    async refresh() {
      const [run, partitions, throughput, bad] = await Promise.all([
        get(path), get(path + '/partitions'), get(path + '/throughput'), get(path + '/bad-records')]);
      renderSummary(summary, run, cancel);
      renderGrid(grid, legend, partitions);
      chart = renderChart(chartBox, chartNote, chart, throughput);
      renderBad(badBox, bad);
      if (manifest.open) loadManifest();
    },
    unmount() {
      if (chart) chart.destroy();
    },
  };
}

function renderSummary(box, run, cancel) {
  const running = run.status === 'RUNNING' || run.status === 'PENDING';
  fill(box,
    h('dl', {},
      h('dt', {}, 'Status'), h('dd', { id: 'run-status' }, badge(run.status),
        running ? h('button', { type: 'button', class: 'cancel', onclick: cancel }, 'Cancel') : null),
      h('dt', {}, 'Job'), h('dd', {}, run.job),
      h('dt', {}, 'Progress'), h('dd', {}, progress(run)),
      h('dt', {}, 'Records'), h('dd', {}, `${count(run.records.in)} in, ${count(run.records.out)} out, `,
        h('span', { class: run.records.bad > 0 ? 'bad' : '' }, `${count(run.records.bad)} bad`)),
      h('dt', {}, 'Rate'), h('dd', {}, rate(runRate(run))),
      h('dt', {}, 'Output'), h('dd', {}, h('code', {}, decoded(run.output))),
      h('dt', {}, 'Started'), h('dd', {}, time(run.startedAt)),
      h('dt', {}, 'Finished'), h('dd', {}, run.finishedAt ? `${time(run.finishedAt)} (took ${duration(elapsed(run))})` : '–'),
      run.error ? [h('dt', {}, 'Error'), h('dd', { class: 'error' }, run.error)] : null));
}

function renderGrid(grid, legend, answer) {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
  answer.partitions.forEach((p) => { counts[p.status] = (counts[p.status] || 0) + 1; });
  fill(legend, STATES.map((s) => h('span', { class: 'key' }, h('span', { class: 'cell state-' + s.toLowerCase() }), ` ${s} ${counts[s]}`)));
  if (!answer.kept) {
    fill(grid, h('p', { class: 'muted' }, 'The partitions of this run are no longer kept here (only the last runs keep them); see its manifest in the output location.'));
    return;
  }
  fill(grid, answer.partitions.map((p) => h('span', {
    class: 'cell state-' + p.status.toLowerCase(),
    'data-partition': p.id,
    'data-state': p.status,
    title: [`partition ${p.id}: ${p.status}`, `${decoded(p.source)} @ ${p.offset} (+${p.length} bytes)`,
      `${count(p.recordsIn)} in, ${count(p.recordsOut)} out, ${count(p.badRecords)} bad; attempts ${p.attempts}`,
      p.node ? `on ${p.node} at ${rate(p.recordsPerSecond)}` : null, p.error ? `error: ${p.error}` : null]
      .filter((line) => line).join('\n'),
  })));
}

/** Records read and written per second between samples, drawn with uPlot; the chart is made once and then updated. */
function renderChart(box, note, chart, answer) {
  const samples = answer.samples;
  const xs = [], read = [], written = [];
  for (let i = 1; i < samples.length; i++) {
    const seconds = (Date.parse(samples[i].at) - Date.parse(samples[i - 1].at)) / 1000;
    if (seconds <= 0) continue;
    xs.push(Date.parse(samples[i].at) / 1000);
    read.push((samples[i].recordsIn - samples[i - 1].recordsIn) / seconds);
    written.push((samples[i].recordsOut - samples[i - 1].recordsOut) / seconds);
  }
  note.textContent = xs.length === 0 ? (answer.kept ? 'Not enough samples yet (one a second).' : 'The throughput of this run is no longer kept here.') : '';
  const data = [xs, read, written];
  if (chart) {
    chart.setData(data);
    return chart;
  }
  const options = {
    width: Math.max(320, (box.clientWidth || 800) - 20),
    height: 220,
    series: [{}, { label: 'read/s', stroke: '#2563eb', width: 2 }, { label: 'written/s', stroke: '#16a34a', width: 2 }],
    axes: [{}, { size: 70 }],
    scales: { y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
  };
  return new uPlot(options, data, box);
}

function renderBad(box, answer) {
  const shown = answer.badRecords.length;
  fill(box,
    h('p', { class: 'muted' }, answer.total === 0 ? 'No bad records.'
      : `${count(answer.total)} bad records; the first ${shown} of them, from the _errors/ files:`),
    answer.total === 0 ? null : table('bad-records-table', ['File', 'Line', 'Reason', 'Record'], answer.badRecords,
      (bad) => [h('span', { class: 'file', title: decoded(bad.file) }, fileName(bad.file)), bad.line ?? '–',
        h('span', { class: 'reason' }, bad.error), h('code', { class: 'record' }, bad.record)],
      answer.kept ? 'Not read yet.' : 'No longer kept here: see the _errors/ files in the output location.'));
}
