// The Reports view, for supervisors: a range of days and a grouping, the desk's report as a table and a
// chart, and its CSV to download. The report comes from GET /api/report (JSON) with the session cookie;
// the CSV from /api/report.csv, the same file `desk report` writes. Every text is a text node; the
// chart is SVG made with DOM calls, nothing from elsewhere.

import { $, fill, h, show, text } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function two(n) {
  return String(n).padStart(2, '0');
}

function isoDay(d) {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** The first time the view opens: the last 30 days, by day. */
export function initReports() {
  const today = new Date();
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29);
  if (!$('report-from').value) $('report-from').value = isoDay(from);
  if (!$('report-to').value) $('report-to').value = isoDay(today);
}

function query() {
  const params = new URLSearchParams({
    from: $('report-from').value,
    to: $('report-to').value,
    by: $('report-by').value,
  });
  return params.toString();
}

/** Seconds, as "42 s", "3 min 05 s" or "1 h 02 min"; a missing time as a dash. */
export function seconds(ms) {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${two(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${two(Math.floor((s % 3600) / 60))} min`;
}

function percent(x) {
  return x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10} %`;
}

function average(x) {
  return x === null || x === undefined ? '—' : x.toFixed(2);
}

function label(row) {
  const parts = [];
  if (row.day) parts.push(row.day);
  if (row.department !== null && row.department !== undefined) parts.push(row.department);
  if (row.agent !== null && row.agent !== undefined) parts.push(row.agent === '' ? '(no agent)' : row.agent);
  return parts.join(' · ') || 'All';
}

function cells(f) {
  return [
    String(f.chats),
    seconds(f.waitMedian),
    seconds(f.waitP90),
    seconds(f.firstResponseMedian),
    seconds(f.firstResponseP90),
    seconds(f.handleMedian),
    seconds(f.handleP90),
    `${f.abandoned} (${percent(f.abandonedRate)})`,
    String(f.ratings),
    average(f.averageRating),
    percent(f.satisfiedShare),
  ];
}

function tableRow(kind, name, f) {
  return h('tr', { className: kind }, h('th', { scope: 'row' }, name), cells(f).map((c) => h('td', { className: 'num' }, c)));
}

/** Loads the report the form asks for and draws it. */
export async function loadReport() {
  const status = $('report-status');
  text(status, 'Loading…');
  show(status, true);
  let res;
  try {
    res = await fetch(`/api/report?${query()}`, { credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    text(status, 'The desk cannot be reached.');
    return;
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    text(status, body.message || `The desk refused the report (${res.status}).`);
    fill($('report-rows'));
    fill($('report-totals'));
    fill($('report-chart'));
    return;
  }
  show(status, false);
  renderReport(body);
}

function renderReport(report) {
  fill($('report-rows'), report.rows.map((r) => tableRow('row', label(r), r.figures)));
  fill(
    $('report-totals'),
    report.departments.map((r) => tableRow('department', `Department ${r.department}`, r.figures)),
    tableRow('total', `Total ${report.from} to ${report.to}`, report.total),
  );
  text($('report-zone'), `Days in ${report.timeZone}`);
  show($('report-empty'), report.total.chats === 0);
  drawChart(report);
}

function svg(tag, attributes = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Bars of chats per row, the median wait as a line on its own scale (right). */
function drawChart(report) {
  const rows = report.rows;
  const box = $('report-chart');
  if (!rows.length) {
    fill(box);
    return;
  }
  const W = 720;
  const H = 240;
  const left = 40;
  const right = 56;
  const top = 16;
  const bottom = 28;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const maxChats = Math.max(1, ...rows.map((r) => r.figures.chats));
  const waits = rows.map((r) => r.figures.waitMedian);
  const maxWait = Math.max(1, ...waits.filter((w) => w !== null && w !== undefined));
  const step = plotW / rows.length;
  const barW = Math.max(1, step * 0.7);
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': 'report-chart-title',
    class: 'chart',
  });
  chart.append(svg('title', { id: 'report-chart-title' }, `Chats per row (bars) and median wait (line), ${report.from} to ${report.to}`));
  chart.append(svg('line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, class: 'axis' }));
  chart.append(svg('text', { x: left - 6, y: top + 4, class: 'tick', 'text-anchor': 'end' }, String(maxChats)));
  chart.append(svg('text', { x: left - 6, y: top + plotH, class: 'tick', 'text-anchor': 'end' }, '0'));
  chart.append(svg('text', { x: left + plotW + 6, y: top + 4, class: 'tick wait' }, seconds(maxWait)));
  const bars = svg('g', { class: 'bars' });
  const points = [];
  rows.forEach((r, i) => {
    const x = left + i * step + (step - barW) / 2;
    const height = (r.figures.chats / maxChats) * plotH;
    bars.append(
      svg(
        'rect',
        { x: x.toFixed(1), y: (top + plotH - height).toFixed(1), width: barW.toFixed(1), height: height.toFixed(1), class: 'bar' },
        svg('title', {}, `${label(r)}: ${r.figures.chats} chats, median wait ${seconds(r.figures.waitMedian)}`),
      ),
    );
    const w = r.figures.waitMedian;
    if (w !== null && w !== undefined) {
      points.push(`${(left + i * step + step / 2).toFixed(1)},${(top + plotH - (w / maxWait) * plotH).toFixed(1)}`);
    }
  });
  chart.append(bars);
  if (points.length) chart.append(svg('polyline', { points: points.join(' '), class: 'wait-line' }));
  for (const p of points) {
    const [cx, cy] = p.split(',');
    chart.append(svg('circle', { cx, cy, r: 4, class: 'wait-dot' }));
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  chart.append(svg('text', { x: left, y: H - 8, class: 'tick' }, label(first)));
  if (rows.length > 1) chart.append(svg('text', { x: left + plotW, y: H - 8, class: 'tick', 'text-anchor': 'end' }, label(last)));
  fill(box, chart, h('p', { className: 'legend' }, h('span', { className: 'key bar-key' }), ' chats  ', h('span', { className: 'key line-key' }), ' median wait'));
}

/** Downloads the CSV of the range the form shows: the desk answers it as an attachment. */
export function exportCsv() {
  window.location.assign(`/api/report.csv?${query()}`);
}
