/**
 * Which address phones can open. Join links and QR codes are made from the address the
 * facilitator's browser used, which on the first evening is often `http://localhost:3000`:
 * on a phone `localhost` is the phone itself, so such a QR code leads nowhere. When no
 * `ORIGIN` is configured and the console was opened on a loopback name, the join link uses
 * this computer's address on the local network instead, and the console says why.
 *
 * The addresses come from the operating system (`os.networkInterfaces()`), never from the
 * request. They are shown only to the signed-in facilitator of a gathering, and only when the
 * request itself came in under a loopback name; an installation on the internet sets `ORIGIN`
 * (behind its proxy it must), and then none of this runs.
 */
import type { NetworkInterfaceInfo } from 'node:os';

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Host names that mean "this device" on whatever device opens them. */
export function isLoopbackHostname(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
	return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '0.0.0.0' || host === '::';
}

/** Interfaces of containers, virtual machines and VPNs: reachable from this computer, rarely from a phone in the hall. */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vmnet|vboxnet|utun|tun|tap|zt|tailscale|wg|lxc|lxd|podman|cni|flannel)/i;

/** Lower is more likely the hall's Wi-Fi or cable: the private ranges home and office routers hand out. */
function rank(name: string, address: string): number {
	const [a, b] = address.split('.').map(Number);
	const range = a === 192 && b === 168 ? 0 : a === 10 ? 1 : a === 172 && b >= 16 && b <= 31 ? 2 : 3;
	return (VIRTUAL_INTERFACE.test(name) ? 10 : 0) + range;
}

/**
 * This computer's IPv4 addresses that another device on the network could reach, most likely
 * first. Left out: loopback and other internal interfaces, link-local addresses (169.254/16,
 * given when no DHCP server answered: nothing else on the network knows them) and all IPv6 —
 * its link-local addresses need a zone id no phone browser accepts, and nobody types a global
 * one from a projector.
 */
export function lanAddresses(interfaces: Interfaces): string[] {
	const found: { address: string; rank: number; order: number }[] = [];
	for (const [name, infos] of Object.entries(interfaces)) {
		for (const info of infos ?? []) {
			// Node 18.0–18.3 reported the family as a number.
			const ipv4 = info.family === 'IPv4' || (info.family as unknown) === 4;
			if (!ipv4 || info.internal) continue;
			if (info.address.startsWith('169.254.') || info.address.startsWith('127.')) continue;
			if (found.some((f) => f.address === info.address)) continue;
			found.push({ address: info.address, rank: rank(name, info.address), order: found.length });
		}
	}
	return found.sort((x, y) => x.rank - y.rank || x.order - y.order).map((f) => f.address);
}

/** `http://192.168.1.20:3000` for each address; the port is left out when it is the protocol's own. */
export function lanUrls(options: { interfaces: Interfaces; protocol: string; port: number | string }): string[] {
	const protocol = options.protocol.replace(/:?$/, ':');
	const port = String(options.port);
	const defaultPort = (protocol === 'http:' && port === '80') || (protocol === 'https:' && port === '443') || port === '';
	return lanAddresses(options.interfaces).map((address) => `${protocol}//${address}${defaultPort ? '' : `:${port}`}`);
}

export type JoinOrigin = {
	/** What join links and QR codes start with. */
	origin: string;
	/**
	 * Set when the page was opened on a loopback name: the addresses found for phones (the first
	 * is `origin`), possibly none; `loopbackOnly` when the server itself listens on loopback only.
	 */
	loopback: { urls: string[]; loopbackOnly: boolean } | null;
};

/** `HOST` values that listen on every interface. */
function listensEverywhere(host: string): boolean {
	return host === '0.0.0.0' || host === '::' || host === '';
}

/**
 * The origin for join links: `ORIGIN` when configured, else the request's own, unless that is a
 * loopback name. Then a LAN address, if the server listens where phones can reach it: on every
 * interface (any LAN address) or on one address (that one).
 */
export function joinOrigin(options: { configured: string | null; url: URL; listenHost: string; interfaces: () => Interfaces }): JoinOrigin {
	const { configured, url, listenHost } = options;
	if (configured) return { origin: configured, loopback: null };
	if (!isLoopbackHostname(url.hostname)) return { origin: url.origin, loopback: null };
	if (!listensEverywhere(listenHost) && isLoopbackHostname(listenHost)) return { origin: url.origin, loopback: { urls: [], loopbackOnly: true } };
	const urls = listensEverywhere(listenHost)
		? lanUrls({ interfaces: options.interfaces(), protocol: url.protocol, port: url.port })
		: [`${url.protocol}//${listenHost.includes(':') ? `[${listenHost}]` : listenHost}${url.port ? `:${url.port}` : ''}`];
	return { origin: urls[0] ?? url.origin, loopback: { urls, loopbackOnly: false } };
}
