/** Tiny DOM helpers. Text goes in as textContent, never as HTML: record and file text is user input. */

/** Creates an element with attributes and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: (Node | string | null | undefined)[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined));
}

/** Offers bytes or text as a file download. */
export function downloadFile(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A button (type="button"): primary or secondary, with a test id, maybe hidden. Its text is textContent. */
export function button(
  text: string,
  options: { primary?: boolean; testid?: string; hidden?: boolean } = {},
): HTMLButtonElement {
  const attributes: Record<string, string> = { type: 'button', class: options.primary ? 'primary' : 'secondary' };
  if (options.testid) attributes['data-testid'] = options.testid;
  if (options.hidden) attributes.hidden = '';
  return el('button', attributes, text);
}
