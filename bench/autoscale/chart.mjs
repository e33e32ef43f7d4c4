// Renders pods over time as a standalone SVG (no dependency): ready pods and the Deployment's
// wanted replicas as step lines, the load (concurrent clients) as a shaded band behind them.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Step path: holds each value until the next sample (what a pod count does between samples).
function stepPoints(samples, key, x, y) {
  const pts = [];
  let prev;
  for (const s of samples) {
    const v = s[key];
    if (v === undefined) continue;
    if (prev !== undefined) pts.push(`${x(s.t).toFixed(1)},${y(prev).toFixed(1)}`);
    pts.push(`${x(s.t).toFixed(1)},${y(v).toFixed(1)}`);
    prev = v;
  }
  return pts.join(' ');
}

/**
 * samples: [{ t (s since the load step), ready, replicas, clients }]; marks: [{ t, label }] vertical lines.
 * Returns the SVG text.
 */
export function podsOverTimeSvg({ samples, marks = [], title }) {
  const W = 760;
  const H = 360;
  const m = { left: 48, right: 150, top: 36, bottom: 42 };
  const t0 = Math.min(...samples.map((s) => s.t));
  const t1 = Math.max(...samples.map((s) => s.t));
  const vmax = Math.max(1, ...samples.map((s) => Math.max(s.ready ?? 0, s.replicas ?? 0, s.clients ?? 0)));
  const yMax = Math.ceil(vmax + 1);
  const x = (t) => m.left + ((t - t0) / (t1 - t0 || 1)) * (W - m.left - m.right);
  const y = (v) => H - m.bottom - (v / yMax) * (H - m.top - m.bottom);

  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${m.left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`);
  // Grid and axes.
  for (let v = 0; v <= yMax; v++) {
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    out.push(`<text x="${m.left - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  const step = t1 - t0 > 60 ? 10 : 5;
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    out.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${H - m.bottom}" y2="${H - m.bottom + 4}" stroke="#333"/>`);
    out.push(`<text x="${x(t)}" y="${H - m.bottom + 16}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(`<text x="${(m.left + W - m.right) / 2}" y="${H - 8}" text-anchor="middle">seconds since the load step</text>`);
  out.push(`<text transform="translate(14 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">count</text>`);
  // Load band.
  const load = stepPoints(samples, 'clients', x, y);
  if (load) out.push(`<polygon points="${x(t0)},${y(0)} ${load} ${x(t1)},${y(0)}" fill="#f4d9b0" stroke="none"/>`);
  for (const mk of marks) {
    out.push(`<line x1="${x(mk.t)}" x2="${x(mk.t)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#999" stroke-dasharray="3,3"/>`);
    out.push(`<text x="${x(mk.t) + 3}" y="${m.top + 10}" fill="#666" font-size="10">${esc(mk.label)}</text>`);
  }
  out.push(`<polyline points="${stepPoints(samples, 'replicas', x, y)}" fill="none" stroke="#888" stroke-width="2" stroke-dasharray="6,3"/>`);
  out.push(`<polyline points="${stepPoints(samples, 'ready', x, y)}" fill="none" stroke="#1f5fbf" stroke-width="2.5"/>`);
  // Legend.
  const lx = W - m.right + 14;
  out.push(`<rect x="${lx}" y="${m.top + 4}" width="18" height="10" fill="#f4d9b0"/><text x="${lx + 24}" y="${m.top + 13}">concurrent clients</text>`);
  out.push(`<line x1="${lx}" x2="${lx + 18}" y1="${m.top + 30}" y2="${m.top + 30}" stroke="#1f5fbf" stroke-width="2.5"/><text x="${lx + 24}" y="${m.top + 34}">ready pods</text>`);
  out.push(`<line x1="${lx}" x2="${lx + 18}" y1="${m.top + 50}" y2="${m.top + 50}" stroke="#888" stroke-width="2" stroke-dasharray="6,3"/><text x="${lx + 24}" y="${m.top + 54}">wanted replicas</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
