'use strict';

/**
 * n8n-core 2.40 encrypts credentials through an `EncryptionKeyProxy` whose provider the CLI
 * backs with its database (key rotation). Without a provider every `Credentials.setData/getData`
 * throws "Encryption key provider is not configured".
 *
 * The harness registers the provider an instance without rotated keys has: one legacy
 * ("no-prefix", AES-256-CBC) key that is the instance encryption key (N8N_ENCRYPTION_KEY), its
 * descriptor wrapped with the instance key exactly as n8n-core's Cipher expects. Credentials are
 * therefore encrypted the classic n8n way, with the harness's fixed key.
 */

const { coreRequire } = require('./env');

const { Container } = coreRequire('@n8n/di');
const { Cipher, EncryptionKeyProxy, InstanceSettings } = coreRequire('n8n-core');

const LEGACY_KEY_ID = 'harness-instance-key';

function installEncryptionKeyProvider() {
	const proxy = Container.get(EncryptionKeyProxy);
	if (proxy.provider) return;
	const cipher = Container.get(Cipher);
	const { encryptionKey } = Container.get(InstanceSettings);
	const descriptor = {
		id: LEGACY_KEY_ID,
		value: cipher.encryptDEKWithInstanceKey(encryptionKey),
		algorithm: 'aes-256-cbc',
		format: 'no-prefix',
	};
	proxy.setProvider({
		getActiveKey: async () => descriptor,
		getLegacyKey: async () => descriptor,
		getKeyById: async (id) => (id === LEGACY_KEY_ID ? descriptor : null),
	});
}

module.exports = { installEncryptionKeyProvider };
