'use strict';

/**
 * A stand-in for Slack's chat.postMessage, started once by global-setup on a port the OS picks
 * (no window in which another process can take it). It records every message; the tests read them
 * with GET /__received.
 */
const http = require('node:http');

async function startSlackStandIn() {
	const received = [];
	const server = http.createServer((req, res) => {
		if (req.method === 'GET' && req.url === '/__received') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(received));
			return;
		}
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			let parsed = null;
			try {
				parsed = JSON.parse(body || 'null');
			} catch {
				parsed = body;
			}
			received.push({ method: req.method, path: req.url, body: parsed });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ ok: true, channel: 'C0ORDERS', ts: String(Date.now() / 1000) }));
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		port: server.address().port,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** What the stand-in received so far (from a test file, in another module context). */
async function slackReceived(port) {
	const answer = await fetch(`http://127.0.0.1:${port}/__received`);
	return await answer.json();
}

module.exports = { startSlackStandIn, slackReceived };
