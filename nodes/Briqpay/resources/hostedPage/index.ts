import { defineResource } from '../operation';
import { create } from './create';

export const hostedPage = defineResource('hostedPage', [create], 'create');
