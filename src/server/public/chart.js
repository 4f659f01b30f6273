// Findings per day as an SVG bar chart, built with DOM APIs (no library, no innerHTML).
import { svg } from './dom.js';

/** days: [{day: 'YYYY-MM-DD', count}] oldest first. */
export function barChart(days, { width = 480, height = 200, label = 'findings first seen per day (UTC)' } = {}) {
  const pad = { left: 36, right: 8, top: 16, bottom: 26 };
  const max = Math.max(1, ...days.map((d) => d.count));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const slot = innerW / Math.max(1, days.length);
  const y = (v) => pad.top + innerH - (v / top) * innerH;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label });
  root.append(svg('title', {}, label));
  for (let v = 0; v <= top; v += step) {
    root.append(svg('line', { class: 'grid', x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v) }));
    root.append(svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const every = Math.ceil(days.length / 8);
  const last = days.length - 1;
  days.forEach((d, i) => {
    const x = pad.left + i * slot + slot * 0.15;
    const h = (d.count / top) * innerH;
    const bar = svg('rect', {
      class: 'bar',
      x: x.toFixed(1),
      y: (pad.top + innerH - h).toFixed(1),
      width: Math.max(1, slot * 0.7).toFixed(1),
      height: h.toFixed(1),
    });
    bar.append(svg('title', {}, `${d.day}: ${d.count}`));
    root.append(bar);
    if (d.count > 0 && slot >= 14) {
      root.append(
        svg(
          'text',
          { class: 'count', x: (pad.left + i * slot + slot / 2).toFixed(1), y: (pad.top + innerH - h - 3).toFixed(1), 'text-anchor': 'middle' },
          String(d.count),
        ),
      );
    }
    // About eight day labels; the last day always, and the one before it left out when too close.
    if (i === last || (i % every === 0 && last - i >= Math.ceil(every / 2))) {
      root.append(svg('text', { x: (pad.left + i * slot + slot / 2).toFixed(1), y: height - 8, 'text-anchor': 'middle' }, d.day.slice(5)));
    }
  });
  root.append(svg('line', { class: 'axis', x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0) }));
  return root;
}

function niceStep(max) {
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const n = raw / pow;
  return Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * pow);
}
