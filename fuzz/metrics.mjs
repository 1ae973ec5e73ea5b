/**
 * The server's own view of its event loop, when its `/metrics` has one: every
 * `opentafel_event_loop_delay_*` and `opentafel_realtime_message_*` sample (how long one
 * client message held the loop) is passed on as a figure; a histogram is summed up as
 * the bucket bounds under which 99 % and all of its observations fall.
 */

const PREFIXES = ['opentafel_event_loop_delay', 'opentafel_realtime_message'];

export async function eventLoopFigures(base) {
	let text;
	try {
		const res = await fetch(`${base}/metrics`);
		if (res.status !== 200) return [];
		text = await res.text();
	} catch {
		return [];
	}
	const samples = text
		.split('\n')
		.filter((line) => PREFIXES.some((prefix) => line.startsWith(prefix)))
		.map((line) => /^(\w+)(\{[^}]*\})?\s+(\S+)/.exec(line))
		.filter(Boolean)
		.map(([, name, labels = '', value]) => ({ name, labels, value: Number(value) }));
	const figures = [];
	const unit = (name) => (/seconds/.test(name) ? 's' : '');
	const shown = (name) => `server.${name.replace(/_/g, '-')}`;
	const histograms = new Map();
	for (const s of samples) {
		if (s.name.endsWith('_bucket')) {
			const le = /le="([^"]+)"/.exec(s.labels)?.[1];
			const base = s.name.slice(0, -'_bucket'.length);
			if (!histograms.has(base)) histograms.set(base, []);
			histograms.get(base).push({ le: le === '+Inf' ? Infinity : Number(le), count: s.value });
		} else if (!s.labels) figures.push([shown(s.name), s.value, unit(s.name)]);
	}
	for (const [name, buckets] of histograms) {
		buckets.sort((a, b) => a.le - b.le);
		const total = buckets.at(-1)?.count ?? 0;
		if (!total) continue;
		const under = (share) => buckets.find((b) => b.count >= share * total)?.le;
		figures.push([`${shown(name)}.p99-bucket`, under(0.99), unit(name)], [`${shown(name)}.max-bucket`, under(1), unit(name)]);
	}
	return figures;
}
