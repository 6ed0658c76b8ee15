import { defineResource } from '../operation';
import { cancel } from './cancel';
import { capture } from './capture';
import { refund } from './refund';
import { updateReferences } from './updateReferences';

export const order = defineResource(
	'order',
	[capture, refund, cancel, updateReferences],
	'capture',
);
