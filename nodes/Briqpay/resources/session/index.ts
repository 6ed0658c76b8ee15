import { defineResource } from '../operation';
import { create } from './create';
import { decide } from './decide';
import { get } from './get';
import { setReferences } from './setReferences';
import { update } from './update';

export const session = defineResource(
	'session',
	[create, get, update, setReferences, decide],
	'create',
);
