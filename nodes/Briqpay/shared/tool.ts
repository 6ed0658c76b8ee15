import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * The node as an AI tool. n8n runs a `usableAsTool` node as its own node type whose name ends in
 * `Tool` (`n8n-nodes-briqpay.briqpayTool`), and shows a parameter whose `displayOptions` hold
 * `'@tool': [true]` only on that type (n8n-workflow node-helpers: `@tool` is
 * `nodeTypeDescription.name.endsWith('Tool')`). Older n8n versions without `@tool` show the
 * workflow variant everywhere.
 */

/** Whether this run is the node used as an AI tool (an agent or MCP client called it). */
export function isToolRun(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * Simplify defaults to on for the tool: a model gets the fields it acts on, never the checkout's
 * `clientToken` or `htmlSnippet`, unless the builder switches Simplify off on the tool node.
 */
export function withToolDefaults(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		if (property.name !== 'simplify') return [property];
		const show = property.displayOptions?.show ?? {};
		return [
			{
				...property,
				displayOptions: { ...property.displayOptions, hide: { '@tool': [true] } },
			},
			{
				...property,
				default: true,
				description: `${property.description} (on by default for the AI tool: the model then never sees the checkout's clientToken or htmlSnippet)`,
				displayOptions: { show: { ...show, '@tool': [true] } },
			},
		];
	});
}
