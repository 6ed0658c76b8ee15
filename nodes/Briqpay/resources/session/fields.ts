import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export function sessionIdField(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. c5674f4f-7e84-405c-a44b-c83736bb7209',
		description:
			'The ID of the Briqpay session, e.g. from the Create operation or the Briqpay Trigger',
		displayOptions: { show },
	};
}
