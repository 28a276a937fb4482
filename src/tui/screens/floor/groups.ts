import type {AgentView} from '../../types.js';
import {passesFilter, type FilterId} from '../../ui-state.js';
import type {StageGroup} from './layout.js';

/** Agents that pass the filter, grouped by stage in stage order (empty stages dropped). */
export function groupAgents(agents: readonly AgentView[], stages: readonly string[], filter: FilterId): StageGroup[] {
	const groups: StageGroup[] = [];
	for (const stage of stages) {
		const keys = agents.filter((agent) => agent.stage === stage && passesFilter(agent, filter)).map((agent) => agent.key);
		if (keys.length > 0) groups.push({stage, keys});
	}
	return groups;
}
