import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateTransitions } from '../../platform/state-machine.ts';
import { returnTransitions, WITHDRAWABLE_RETURN } from './aftersales.rules.ts';

test('a request may be withdrawn while it awaits a decision or, approved, before the goods come back', () => {
  validateTransitions('return', returnTransitions);
  assert.deepEqual([...WITHDRAWABLE_RETURN], ['requested', 'approved']);
});
