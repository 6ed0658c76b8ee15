'use strict';

/**
 * What the editor shows first after sign-in. n8n's start page (/) opens the "n8n Assistant"
 * (module instance-ai, 2.x) instead of the workflow list whenever that module is active, so the
 * sandbox switches it off (scripts/sandbox/lines.js: N8N_DISABLED_MODULES); 1.x has no such module.
 */
const { restClient, saveTranscript } = require('./helpers');

let rest;

beforeAll(async () => {
	rest = await restClient();
});

afterAll(() => saveTranscript('editor.e2e.js'));

test('after sign-in the editor opens on the workflow list, not the n8n Assistant', async () => {
	const settings = await rest.settings();
	expect(settings.userManagement.showSetupOnFirstLoad).toBe(false);
	// The modules the editor's router asks about (isModuleActive) come from this list.
	expect(settings.activeModules ?? []).not.toContain('instance-ai');
	expect(settings.activeModules ?? []).not.toContain('mcp-registry');
});
