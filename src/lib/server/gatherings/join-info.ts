import type { Gathering } from '../db/schema';
import { joinQrSvg } from './qr';

export type JoinInfo = { code: string; url: string; qrSvg: string };

/** What a screen needs to let people in: the code, the link and the link as a QR code. */
export async function joinInfo(gathering: Gathering, origin: string): Promise<JoinInfo> {
	const url = `${origin}/j/${gathering.joinCode}`;
	return { code: gathering.joinCode, url, qrSvg: await joinQrSvg(url) };
}
