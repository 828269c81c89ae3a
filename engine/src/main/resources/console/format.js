// Numbers, times and names as the console shows them.

const numbers = new Intl.NumberFormat('en-US');

export function count(n) {
  return n === null || n === undefined ? '–' : numbers.format(n);
}

export function rate(perSecond) {
  if (!perSecond) return '0/s';
  if (perSecond >= 10000) return numbers.format(Math.round(perSecond / 1000)) + 'k/s';
  return numbers.format(Math.round(perSecond)) + '/s';
}

/** An ISO instant in the browser's time zone, e.g. 2026-12-05 07:31:02. */
export function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function duration(ms) {
  if (ms === null || ms === undefined || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

/** Milliseconds a run has taken so far, or took. */
export function elapsed(run) {
  if (!run.startedAt) return null;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
  return end - Date.parse(run.startedAt);
}

/** Records read per second over the run's life. */
export function runRate(run) {
  const ms = elapsed(run);
  return ms > 0 ? (run.records.in * 1000) / ms : 0;
}

/** The readable name of a file URI: its last path segment, percent-decoded (it is shown as text). */
export function fileName(uri) {
  if (!uri) return '–';
  const path = String(uri).split('?')[0];
  const last = path.substring(path.lastIndexOf('/') + 1) || path;
  try {
    return decodeURIComponent(last);
  } catch (e) {
    return last;
  }
}

/** The full URI, percent-decoded where it can be, for tooltips. */
export function decoded(uri) {
  if (!uri) return '';
  try {
    return decodeURI(String(uri));
  } catch (e) {
    return String(uri);
  }
}
