
const storageKey = 'tutti.token';

/**
 * The bearer token: taken once from the URL fragment (`#token=…`, printed by `tt serve`), kept in
 * sessionStorage for this tab, and removed from the address bar so it is not bookmarked or shared.
 */
export function initToken(): void {
	const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
	if (match?.[1]) {
		sessionStorage.setItem(storageKey, decodeURIComponent(match[1]));
		const rest = location.hash.replace(/(?:^#|&)token=[^&]+/, '').replace(/^&/, '');
		history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
	}
}

export function token(): string | null {
	return sessionStorage.getItem(storageKey);
}

export function setToken(value: string): void {
	sessionStorage.setItem(storageKey, value.trim());
}

export function authHeaders(): Record<string, string> {
	const value = token();
	return value ? {Authorization: `Bearer ${value}`} : {};
}

export type ApiError = {code: string; message: string; hint?: string};
export type Envelope<T> = {ok: true; action: string; error: null; data: T} | {ok: false; action: string; error: ApiError; data: null};

/** Listeners for 401s (the page then asks for a token). */
export const unauthorized = new EventTarget();

export async function api<T>(path: string, options: {method?: 'GET' | 'POST'; body?: unknown} = {}): Promise<Envelope<T>> {
	let response: Response;
	try {
		response = await fetch(path, {
			method: options.method ?? 'GET',
			headers: {...authHeaders(), ...(options.body === undefined ? {} : {'Content-Type': 'application/json'})},
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
		});
	} catch (error) {
		return {ok: false, action: 'network', error: {code: 'network', message: error instanceof Error ? error.message : String(error)}, data: null};
	}
	if (response.status === 401) unauthorized.dispatchEvent(new Event('unauthorized'));
	try {
		return (await response.json()) as Envelope<T>;
	} catch {
		return {ok: false, action: 'network', error: {code: 'bad_response', message: `HTTP ${response.status}`}, data: null};
	}
}

/** POST an action; the answer is the envelope. */
export function action<T = unknown>(name: string, body: Record<string, unknown>): Promise<Envelope<T>> {
	return api<T>(`/v1/actions/${name}`, {method: 'POST', body});
}
