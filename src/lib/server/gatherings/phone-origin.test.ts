import { describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { isLoopbackHostname, joinOrigin, lanAddresses, lanUrls, type Interfaces } from './phone-origin';

function v4(address: string, internal = false): NetworkInterfaceInfo {
	return { address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` };
}
function v6(address: string, internal = false): NetworkInterfaceInfo {
	return { address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal, cidr: `${address}/64`, scopeid: 2 };
}

/** A laptop on the hall's Wi-Fi, with Docker installed and a VPN up. */
const laptop: Interfaces = {
	lo: [v4('127.0.0.1', true), v6('::1', true)],
	docker0: [v4('172.17.0.1'), v6('fe80::42:acff:fe11:1')],
	wlp2s0: [v4('192.168.178.24'), v6('fe80::1c2b:3cff:fe4d:5e6f'), v6('2a02:a46a:1:2::24')],
	tailscale0: [v4('100.101.102.103')]
};

describe('lanAddresses', () => {
	it('leaves out loopback and internal interfaces, and every IPv6 address, link-local or not', () => {
		const found = lanAddresses(laptop);
		expect(found).not.toContain('127.0.0.1');
		expect(found.some((a) => a.includes(':'))).toBe(false);
		expect(found).toHaveLength(3);
	});

	it('puts the Wi-Fi first and container and VPN interfaces last', () => {
		expect(lanAddresses(laptop)).toEqual(['192.168.178.24', '172.17.0.1', '100.101.102.103']);
	});

	it('leaves out IPv4 link-local addresses (no DHCP answered) and internal ones outside 127/8', () => {
		expect(lanAddresses({ eth0: [v4('169.254.12.7')], lo: [v4('127.0.1.1', true)], weird: [v4('10.9.8.7', true)] })).toEqual([]);
	});

	it('orders private ranges 192.168 before 10 before 172.16/12 before others, keeping the interfaces’ order within one', () => {
		const found = lanAddresses({
			a: [v4('100.64.0.5')],
			b: [v4('172.20.1.2')],
			c: [v4('10.0.0.9')],
			d: [v4('10.0.0.3')],
			e: [v4('192.168.1.50')],
			f: [v4('172.32.0.1')]
		});
		expect(found).toEqual(['192.168.1.50', '10.0.0.9', '10.0.0.3', '172.20.1.2', '100.64.0.5', '172.32.0.1']);
	});

	it('accepts the numeric family of older Node versions and lists an address once', () => {
		const numeric = { ...v4('192.168.0.2'), family: 4 } as unknown as NetworkInterfaceInfo;
		expect(lanAddresses({ eth0: [numeric], eth1: [v4('192.168.0.2')], none: undefined })).toEqual(['192.168.0.2']);
	});

	it('finds nothing on a computer without a network', () => {
		expect(lanAddresses({ lo: [v4('127.0.0.1', true), v6('::1', true)] })).toEqual([]);
	});
});

describe('lanUrls', () => {
	it('adds the protocol and the port, leaving out the protocol’s own port', () => {
		const interfaces = { wlan0: [v4('192.168.1.20')] };
		expect(lanUrls({ interfaces, protocol: 'http:', port: 3000 })).toEqual(['http://192.168.1.20:3000']);
		expect(lanUrls({ interfaces, protocol: 'http', port: '80' })).toEqual(['http://192.168.1.20']);
		expect(lanUrls({ interfaces, protocol: 'https:', port: '' })).toEqual(['https://192.168.1.20']);
		expect(lanUrls({ interfaces, protocol: 'https:', port: 8443 })).toEqual(['https://192.168.1.20:8443']);
	});
});

describe('isLoopbackHostname', () => {
	it('knows the names that mean "this device"', () => {
		for (const host of ['localhost', 'LOCALHOST', 'localhost.', 'tafel.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', '0.0.0.0']) {
			expect(isLoopbackHostname(host), host).toBe(true);
		}
	});
	it('does not take a LAN address or a real name for one', () => {
		for (const host of ['192.168.1.20', 'tafel.example.org', 'localhost.example.org', '127.example.org', '[fe80::1]', 'mylocalhost']) {
			expect(isLoopbackHostname(host), host).toBe(false);
		}
	});
});

describe('joinOrigin', () => {
	const interfaces = () => laptop;
	const everywhere = { configured: null, listenHost: '0.0.0.0', interfaces };

	it('uses ORIGIN when configured, whatever the console was opened on', () => {
		expect(joinOrigin({ ...everywhere, configured: 'https://tafel.example.org', url: new URL('http://localhost:3000/g/x') })).toEqual({
			origin: 'https://tafel.example.org',
			loopback: null
		});
	});

	it('uses the address the console was opened on when phones can reach it', () => {
		expect(joinOrigin({ ...everywhere, url: new URL('http://192.168.178.24:3000/g/x') })).toEqual({
			origin: 'http://192.168.178.24:3000',
			loopback: null
		});
	});

	it('turns localhost into the best LAN address, listing the others', () => {
		const found = joinOrigin({ ...everywhere, url: new URL('http://localhost:3000/g/x') });
		expect(found.origin).toBe('http://192.168.178.24:3000');
		expect(found.loopback).toEqual({
			urls: ['http://192.168.178.24:3000', 'http://172.17.0.1:3000', 'http://100.101.102.103:3000'],
			loopbackOnly: false
		});
		expect(joinOrigin({ ...everywhere, listenHost: '::', url: new URL('http://[::1]:3000/') }).origin).toBe('http://192.168.178.24:3000');
	});

	it('keeps localhost, and says so, when this computer has no LAN address', () => {
		const found = joinOrigin({ ...everywhere, url: new URL('http://127.0.0.1:4000/g/x'), interfaces: () => ({ lo: [v4('127.0.0.1', true)] }) });
		expect(found).toEqual({ origin: 'http://127.0.0.1:4000', loopback: { urls: [], loopbackOnly: false } });
	});

	it('offers no LAN address when the server listens on loopback only: phones could not reach it there either', () => {
		for (const listenHost of ['127.0.0.1', 'localhost', '::1']) {
			expect(joinOrigin({ ...everywhere, listenHost, url: new URL('http://localhost:3000/g/x') })).toEqual({
				origin: 'http://localhost:3000',
				loopback: { urls: [], loopbackOnly: true }
			});
		}
	});

	it('offers the one address the server listens on, when HOST names one', () => {
		expect(joinOrigin({ ...everywhere, listenHost: '10.0.0.7', url: new URL('http://localhost:3000/g/x') }).loopback).toEqual({
			urls: ['http://10.0.0.7:3000'],
			loopbackOnly: false
		});
		expect(joinOrigin({ ...everywhere, listenHost: 'fd00::2', url: new URL('http://localhost/g/x') }).origin).toBe('http://[fd00::2]');
	});
});
