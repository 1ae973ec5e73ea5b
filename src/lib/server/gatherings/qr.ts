import QRCode from 'qrcode';

/**
 * The join link as an SVG QR code. Error correction M survives a projector's glare and a
 * phone camera at an angle; a quiet zone of 2 modules is enough on a white card.
 */
export function joinQrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
