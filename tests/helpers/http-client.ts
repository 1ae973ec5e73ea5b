/** A tiny browser: keeps cookies, sends form posts from the server's own origin. */
export class Client {
	readonly cookies = new Map<string, string>();
	constructor(
		private readonly base: string,
		private readonly headers: Record<string, string> = {}
	) {}

	async get(path: string): Promise<Response> {
		return this.request(path, { method: 'GET' });
	}

	async post(path: string, fields: Record<string, string>, origin = this.base): Promise<Response> {
		return this.request(path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
			body: new URLSearchParams(fields).toString()
		});
	}

	private async request(path: string, init: RequestInit): Promise<Response> {
		const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		const response = await fetch(this.base + path, {
			...init,
			redirect: 'manual',
			// As a browser navigating would; without it SvelteKit answers form posts with JSON.
			headers: { accept: 'text/html', ...this.headers, ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) }
		});
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const [name, ...rest] = pair.split('=');
			const value = rest.join('=');
			if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name.trim());
			else this.cookies.set(name.trim(), value);
		}
		return response;
	}
}
