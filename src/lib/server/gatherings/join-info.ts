import { networkInterfaces } from 'node:os';
import type { Gathering } from '../db/schema';
import { joinQrSvg } from './qr';
import { joinOrigin, type Interfaces, type JoinOrigin } from './phone-origin';

export type JoinInfo = {
	code: string;
	url: string;
	qrSvg: string;
	/** The screen was opened on `localhost` (phone-origin.ts): `url` uses the first of these LAN addresses, if any. */
	loopback: JoinOrigin['loopback'];
};

/**
 * What a screen needs to let people in: the code, the link and the link as a QR code, made
 * from `ORIGIN`, else from the address the screen was opened on, unless phones cannot reach
 * that one. Interfaces are read on every call: the laptop may join the hall's Wi-Fi after the
 * server started.
 */
export async function joinInfo(
	gathering: Gathering,
	options: { configured: string | null; listenHost: string; url: URL; interfaces?: () => Interfaces }
): Promise<JoinInfo> {
	const { origin, loopback } = joinOrigin({ ...options, interfaces: options.interfaces ?? networkInterfaces });
	const url = `${origin}/j/${gathering.joinCode}`;
	return { code: gathering.joinCode, url, qrSvg: await joinQrSvg(url), loopback };
}
