// Building the page: every text goes in as a text node, never as HTML.
//
// h(tag, attributes, ...children) makes an element. Children that are strings (or numbers) become text
// nodes; null, undefined and false are skipped; arrays are flattened. Attributes are set with
// setAttribute, except listeners (functions under "on..." names). Attributes that could load or run
// something (href, src, srcdoc, style, formaction, and "on..." given as text) are refused outright:
// data from the desk never decides where the page goes or what it runs.

const REFUSED = new Set(['href', 'src', 'srcdoc', 'style', 'formaction', 'action', 'xlink:href']);

export function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) {
      if (typeof value !== 'function') throw new Error(`refused attribute ${name}: listeners only`);
      el.addEventListener(name.slice(2), value);
      continue;
    }
    if (REFUSED.has(name.toLowerCase())) throw new Error(`refused attribute ${name}`);
    if (name === 'className') el.className = String(value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children as h() does: text as text nodes. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces everything in el with the children, as text or nodes. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Sets an element's text; the one way to put data into an existing element. */
export function text(el, value) {
  el.textContent = value === null || value === undefined ? '' : String(value);
  return el;
}

export const $ = (id) => document.getElementById(id);

export function show(el, visible) {
  el.hidden = !visible;
  return el;
}
