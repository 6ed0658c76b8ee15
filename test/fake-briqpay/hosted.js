'use strict';

/**
 * Tiny hosted pages (no auth, not recorded):
 *   GET  /hosted/:hostedPageId          pay-by-link page from POST /v3/hosted-page  [plugin]
 *   GET  /hosted/session/:sessionId     the page the session's htmlSnippet iframe points at
 *   POST /hosted/.../pay                "customer pays": completes the session (fires its hooks)
 * Useful in the local sandbox to finish a checkout without a browser automation tool.
 */

const esc = (s) =>
	String(s ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
	);

function html(res, status, body) {
	if (res.destroyed || res.writableEnded) return;
	res.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(body),
	});
	res.end(body);
}

function renderPage({ title, logoUrl, showCart, session, payPath }) {
	const order = session.data.order;
	const money = (n) => (n / 100).toFixed(2);
	const cart =
		showCart !== false && order
			? `<table><tr><th>Item</th><th>Qty</th><th>Unit price</th></tr>${order.cart
					.map(
						(l) =>
							`<tr><td>${esc(l.name)}</td><td>${esc(l.quantity ?? '')}</td><td>${l.unitPrice !== undefined ? money(l.unitPrice) : money(l.totalTaxAmount)}</td></tr>`,
					)
					.join('')}</table>`
			: '';
	const total = order
		? `<p>Total: <strong>${money(order.amountIncVat)} ${esc(order.currency)}</strong></p>`
		: '';
	const action =
		session.status === 'completed'
			? '<p id="status">Completed</p>'
			: `<form method="post" action="${esc(payPath)}"><button id="pay" type="submit">Pay</button></form>`;
	return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>
${logoUrl ? `<img src="${esc(logoUrl)}" alt="logo">` : ''}<h1>${esc(title)}</h1>
<p>Session <code id="session-id">${esc(session.sessionId)}</code></p>${cart}${total}${action}</body></html>`;
}

async function handleHosted(fake, req, res, url) {
	const path = url.pathname.replace(/\/+$/, '');
	let m = /^\/hosted\/session\/([^/]+)(\/pay)?$/.exec(path);
	let sessionId;
	let page;
	if (m) {
		sessionId = decodeURIComponent(m[1]);
	} else if ((m = /^\/hosted\/([^/]+)(\/pay)?$/.exec(path))) {
		page = fake.state.hostedPages.get(decodeURIComponent(m[1]).toLowerCase());
		if (!page) return html(res, 404, '<h1>Hosted page not found</h1>');
		sessionId = page.sessionId;
	} else {
		return html(res, 404, '<h1>Not found</h1>');
	}
	const session = fake.getSession(sessionId);
	if (!session) return html(res, 404, '<h1>Session not found</h1>');
	const isPay = !!m[2];
	if (isPay && req.method === 'POST') {
		if (session.status !== 'completed') await fake.transition(sessionId, 'complete');
		return html(
			res,
			200,
			`<!doctype html><h1>Payment complete</h1><p id="status">completed</p>${
				session.urls?.redirect
					? `<a id="continue" href="${esc(session.urls.redirect)}">Continue</a>`
					: ''
			}`,
		);
	}
	if (isPay || req.method !== 'GET') return html(res, 405, '<h1>Method not allowed</h1>');
	const cfg = (page && page.config) || {};
	return html(
		res,
		200,
		renderPage({
			title: cfg.pageTitle || 'Briqpay checkout (fake)',
			logoUrl: cfg.logoUrl,
			showCart: cfg.showCart,
			session,
			payPath: `${path}/pay`,
		}),
	);
}

module.exports = { handleHosted };
