import { defineResource } from '../operation';
import { charge } from './charge';
import { deactivate } from './deactivate';
import { get } from './get';

export const token = defineResource('token', [charge, deactivate, get], 'charge');
