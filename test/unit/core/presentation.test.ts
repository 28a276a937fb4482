import {describe, expect, it} from 'vitest';
import {agentStates} from '../../../src/core/state/types.js';
import {statePresentation} from '../../../src/core/model/presentation.js';

/** The words every surface builds sentences from ("it is failing authentication", never "It is auth failed now."). */
describe('state presentation', () => {
	it.each(agentStates.map((state) => [state]))('%s reads as a label and as a verb phrase after "it"', (state) => {
		const {label, phrase} = statePresentation[state];
		expect(label).toMatch(/^[a-z]+(?: [a-z]+)*$/);
		expect(phrase).toMatch(/^(?:is|has|cannot) [a-z]/);
		// A phrase is not "is" + the label of a state that is not an adjective.
		expect(phrase).not.toMatch(/^is (?:auth failed|needs input|provider down)/);
	});
});
