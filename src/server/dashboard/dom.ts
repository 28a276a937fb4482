/// <reference lib="dom.iterable" />

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element: `h('div.card.working', {title: 'x', onclick: fn}, child, …)`. */
export function h<K extends keyof HTMLElementTagNameMap>(tagAndClasses: K | `${K}.${string}`, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
	const [tag, ...classes] = tagAndClasses.split('.') as [K, ...string[]];
	const element = document.createElement(tag);
	if (classes.length > 0) element.className = classes.join(' ');
	for (const [name, value] of Object.entries(attrs)) {
		if (value === undefined || value === null || value === false) continue;
		if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
		else if (value === true) element.setAttribute(name, '');
		else element.setAttribute(name, String(value));
	}
	append(element, children);
	return element;
}

export function append(parent: Element, children: readonly Child[]): void {
	for (const child of children) {
		if (child === null || child === undefined || child === false) continue;
		parent.append(child instanceof Node ? child : String(child));
	}
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
	parent.replaceChildren();
	append(parent, children);
}

export function $(selector: string, root: ParentNode = document): HTMLElement {
	const element = root.querySelector<HTMLElement>(selector);
	if (!element) throw new Error(`missing element ${selector}`);
	return element;
}

/** Sets text only when it changed (no layout work for unchanged cards). */
export function setText(element: Element, text: string): void {
	if (element.textContent !== text) element.textContent = text;
}

export function formatTokens(count: number): string {
	if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
	if (count >= 10_000) return `${Math.round(count / 1000)}k`;
	if (count >= 1000) return `${(count / 1000).toFixed(1)}k`;
	return String(count);
}

export function clock(iso: string): string {
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false});
}

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${ms} ms`;
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} m ${seconds % 60} s`;
}
