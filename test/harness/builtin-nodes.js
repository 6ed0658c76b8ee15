'use strict';

/**
 * The few node types the harness provides itself (n8n-nodes-base is not installed).
 *
 * - `n8n-harness.input`: the start node `runNode()` puts in front of the node under test. It
 *   emits the items the test gave (they sit on the execution stack) unchanged.
 * - `n8n-nodes-base.manualTrigger` / `n8n-nodes-base.noOp`: stand-ins so workflows exported
 *   from n8n (which usually start with "When clicking 'Execute workflow'") run as they are.
 *   The stand-in trigger emits the run's input items (default `[{ json: {} }]`), the no-op
 *   passes its input through. They are stubs, not n8n's implementations.
 */

function passThroughNode({ name, displayName, inputs }) {
	return {
		description: {
			displayName,
			name,
			group: inputs.length ? ['transform'] : ['trigger'],
			version: 1,
			description: 'Harness pass-through node',
			defaults: { name: displayName },
			inputs,
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			return [this.getInputData()];
		},
	};
}

const builtinNodeTypes = {
	'n8n-harness.input': passThroughNode({
		name: 'n8n-harness.input',
		displayName: 'Harness Input',
		inputs: [],
	}),
	'n8n-nodes-base.manualTrigger': passThroughNode({
		name: 'n8n-nodes-base.manualTrigger',
		displayName: "When clicking 'Execute workflow'",
		inputs: [],
	}),
	'n8n-nodes-base.noOp': passThroughNode({
		name: 'n8n-nodes-base.noOp',
		displayName: 'No Operation, do nothing',
		inputs: ['main'],
	}),
};

module.exports = { builtinNodeTypes };
