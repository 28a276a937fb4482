import {createContext, useContext} from 'react';
import type {WatchActions} from './actions.js';
import type {FloorLayout} from './screens/floor/layout.js';
import type {WatchStore} from './store.js';
import type {UiStore} from './ui-state.js';

/** What the app asks of its host (render.ts): leave, or hand the terminal to an agent. */
export type AppControl = {
	quit(): void;
	attach(key: string): void;
	/** Rings the terminal bell / raises a notification (when enabled). */
	notify?(text: string): void;
};

/** Geometry of the last frame, for mouse hits and navigation (written during render). */
export type ViewRefs = {
	floor: FloorLayout | undefined;
	/** First body row of the floor on screen. */
	floorTop: number;
	/** Lines of the focus terminal that can be scrolled back. */
	focusMaxScroll: number;
	focusPage: number;
	diffMax: number;
	/** Pages of the help overlay at the current size (paging stops at the last). */
	helpPages: number;
};

export type AppServices = {
	store: WatchStore;
	ui: UiStore;
	actions: WatchActions;
	control: AppControl;
	refs: ViewRefs;
	/** Theme names to cycle through. */
	themes: readonly string[];
};

const Services = createContext<AppServices | undefined>(undefined);
export const ServicesProvider = Services.Provider;

export function useServices(): AppServices {
	const services = useContext(Services);
	if (!services) throw new Error('useServices outside ServicesProvider');
	return services;
}

export function newViewRefs(): ViewRefs {
	return {floor: undefined, floorTop: 2, focusMaxScroll: 0, focusPage: 10, diffMax: 0, helpPages: 1};
}
