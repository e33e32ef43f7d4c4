// A port of Go's text/tabwriter column algorithm (cells are TAB-terminated; a line's last segment is
// not a cell). kn writes every table and describe page through it, so trailing spaces must match.
// cli-table3 cannot reproduce this (it pads the last column and has no per-block widths).

/** Go tabwriter settings used by kn. */
export interface TabwriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  /** Go's TabIndent flag: leading empty cells are written as tabs. */
  tabIndent?: boolean;
}

/** Settings of kn's list tables (minwidth 6, tabwidth 4, padding 3, TabIndent). */
export const TABLE_OPTIONS: TabwriterOptions = { minwidth: 6, tabwidth: 4, padding: 3, tabIndent: true };
/** Settings of kn's describe writer (minwidth 0, tabwidth 8, padding 2). */
export const DESCRIBE_OPTIONS: TabwriterOptions = { minwidth: 0, tabwidth: 8, padding: 2 };

/** Display width (runes, as Go counts with utf8.RuneCountInString). */
export function textWidth(s: string): number {
  return [...s].length;
}

/** Formats text (lines of TAB-separated cells) exactly as Go's tabwriter would on Flush. */
export function formatTabs(text: string, opts: TabwriterOptions): string {
  const endsWithNewline = text.endsWith('\n');
  const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const lines = rawLines.map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] ?? [];
      let useTabs = opts.tabIndent === true;
      let s = '';
      cells.forEach((c, j) => {
        const w = textWidth(c);
        if (j >= widths.length) {
          s += c;
          return;
        }
        if (w === 0) {
          s += padding(w, widths[j] ?? 0, useTabs, opts);
        } else {
          useTabs = false;
          s += c + (j < cells.length - 1 ? padding(w, widths[j] ?? 0, false, opts) : '');
        }
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= (lines[t]?.length ?? 1) - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = opts.minwidth;
      for (; t < line1; t++) {
        const cells = lines[t] ?? [];
        if (column >= cells.length - 1) break;
        const w = textWidth(cells[column] ?? '') + opts.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

function padding(textw: number, cellw: number, useTabs: boolean, opts: TabwriterOptions): string {
  if (useTabs) {
    if (opts.tabwidth === 0) return '';
    const cw = Math.ceil(cellw / opts.tabwidth) * opts.tabwidth;
    const n = cw - textw;
    return '\t'.repeat(Math.ceil(n / opts.tabwidth));
  }
  return ' '.repeat(Math.max(0, cellw - textw));
}
