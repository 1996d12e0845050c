// The visually hidden table that stands in for a chart for screen readers (and tests).
import { formatExact } from '../ui/format.js';

// A visually hidden table with the chart's numbers, for screen readers (and tests). Replaces the
// previous one in `container`. `columns` are header strings; `rows` arrays of cells (numbers are
// written with formatExact, strings as they are).
export function renderDataTable(container, caption, columns, rows) {
  // The wrapper is what is visually hidden: a table box cannot be shrunk below its content width.
  let table = container.querySelector(':scope > .data-table-wrapper > table.data-table');
  if (!table) {
    const wrapper = document.createElement('div');
    wrapper.className = 'data-table-wrapper sr-only';
    table = document.createElement('table');
    table.className = 'data-table';
    wrapper.append(table);
    container.append(wrapper);
  }
  const captionElement = document.createElement('caption');
  captionElement.textContent = caption;
  const head = document.createElement('thead');
  const headRow = head.insertRow();
  for (const column of columns) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = column;
    headRow.append(cell);
  }
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tableRow = body.insertRow();
    row.forEach((value, index) => {
      const cell = index === 0 ? document.createElement('th') : document.createElement('td');
      if (index === 0) cell.scope = 'row';
      cell.textContent = typeof value === 'number' ? formatExact(value) : String(value);
      tableRow.append(cell);
    });
  }
  table.replaceChildren(captionElement, head, body);
  return table;
}
