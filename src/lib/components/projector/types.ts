/** The gathering as the projector's heading shows it. */
export type GatheringHeading = { title: string; date: string | null; place: string | null };

/** How people get in: the code, the link and the link as a QR code (made on the server). */
export type JoinInfo = { code: string; url: string; qrSvg: string };
