// Builds the page with DOM calls only: every string goes in as text (a text node or an
// attribute value), never as HTML, so file names, job names and bad records stay text.

/** An element: attrs are attributes (class, href, title, data-*), or on<event> listeners; children are nodes or text. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  add(element, children);
  return element;
}

function add(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of {@code element}. */
export function fill(element, ...children) {
  element.replaceChildren();
  add(element, children);
  return element;
}

/** A table with a header row and one row per item; row(item) gives the cells (or a tr). */
export function table(id, headings, items, row, empty) {
  const body = h('tbody', {}, items.map((item) => {
    const cells = row(item);
    return cells instanceof HTMLTableRowElement ? cells : h('tr', {}, cells.map((cell) => h('td', {}, cell)));
  }));
  if (items.length === 0) body.append(h('tr', { class: 'empty' }, h('td', { colspan: headings.length }, empty)));
  return h('table', { id }, h('thead', {}, h('tr', {}, headings.map((title) => h('th', {}, title)))), body);
}

/** A status badge, coloured by its state. */
export function badge(state) {
  return h('span', { class: 'badge state-' + String(state).toLowerCase() }, state);
}
