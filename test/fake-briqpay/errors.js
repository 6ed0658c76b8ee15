'use strict';

/**
 * Errors answered the way Briqpay answers them:
 *   HTTP status + body {"error":{"code":"...","message":"..."}}            [ref] (000-004 error schemas)
 */
class ApiError extends Error {
	constructor(status, code, message, headers) {
		super(message);
		this.status = status;
		this.code = code;
		this.headers = headers || {};
	}

	toBody() {
		return { error: { code: this.code, message: this.message } };
	}
}

/** 400 INVALID_DATA — the generic validation failure code of every reference page. [ref] */
const invalid = (message) => new ApiError(400, 'INVALID_DATA', message);

/** 400 with a specific code (UPDATE_NOT_ALLOWED, ORDER_PENDING, CART_ITEM_NOT_FOUND …). [ref][plugin] */
const badRequest = (code, message) => new ApiError(400, code, message);

module.exports = { ApiError, invalid, badRequest };
