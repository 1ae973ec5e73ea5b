/**
 * A file to download. Exports hold personal data: never cached by anything between the
 * server and the organiser, and the name is ASCII only (from the join code) so no header
 * encoding is needed.
 */
export function download(body: string, contentType: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}
