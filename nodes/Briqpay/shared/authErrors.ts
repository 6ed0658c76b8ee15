/**
 * Briqpay's authentication errors in words, shared by the node's errors (errors.ts) and the
 * credential test (credentials/BriqpayApi.credentials.ts), so both say the same thing.
 */

/** Playground and Production keys differ; `environment` is the credential's, when known. */
export function keysHint(environment?: string): string {
	return environment
		? `Playground and Production have separate keys: check that the username and secret in the Briqpay API credential belong to the ${environment} environment it is set to.`
		: 'Playground and Production have separate keys: check that the username and secret belong to the Environment selected in the credential.';
}

/** [ref][plugin] The error codes of a refused username or secret, with what the user should do. */
const AUTH_ERRORS = {
	INVALID_CREDENTIALS: {
		message: 'Briqpay rejected the username and secret (INVALID_CREDENTIALS)',
		fix: 'Check both for typos.',
		keys: true,
	},
	INVALID_API_KEY: {
		message: 'Briqpay does not know this API username (INVALID_API_KEY)',
		fix: '',
		keys: true,
	},
	AUTH_SECRET_EXPIRED: {
		message: 'The Briqpay secret has expired (AUTH_SECRET_EXPIRED)',
		fix: "Create a new secret in Briqpay's back office and paste it into the Briqpay API credential.",
		keys: false,
	},
} as const;

type AuthErrorCode = keyof typeof AUTH_ERRORS;

export const AUTH_ERROR_CODES = Object.keys(AUTH_ERRORS) as AuthErrorCode[];

/** What went wrong and what to do about it (the credential test shows both in one line). */
export function authError(
	code: AuthErrorCode,
	environment?: string,
): { message: string; description: string } {
	const { message, fix, keys } = AUTH_ERRORS[code];
	return { message, description: [fix, keys ? keysHint(environment) : ''].join(' ').trim() };
}
