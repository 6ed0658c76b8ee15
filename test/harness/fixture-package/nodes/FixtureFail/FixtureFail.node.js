'use strict';

const { NodeOperationError } = require('n8n-workflow');

/** Fails for every item whose json has `fail: true`; honours continueOnFail per item. */
class FixtureFail {
	constructor() {
		this.description = {
			displayName: 'Fixture Fail',
			name: 'fixtureFail',
			group: ['transform'],
			version: 1,
			description: 'Fails on marked items',
			defaults: { name: 'Fixture Fail' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Tag', name: 'tag', type: 'string', default: 'ok' },
				{ displayName: 'Throw Plain Error', name: 'plain', type: 'boolean', default: false },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.fail === true) {
					if (this.getNodeParameter('plain', i)) throw new Error(`plain failure on item ${i}`);
					throw new NodeOperationError(this.getNode(), `Item ${i} asked to fail`, {
						itemIndex: i,
						description: 'Remove `fail: true` from the item',
					});
				}
				out.push({
					json: { ...items[i].json, tag: this.getNodeParameter('tag', i) },
					pairedItem: { item: i },
				});
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

module.exports = { FixtureFail };
