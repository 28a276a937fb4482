import type {Store} from './store.js';

/**
 * A feature's own tables, created on its first use of a store (once per connection): a workspace
 * that never uses the feature never gets them. Returns `ready(store)`, which makes sure they exist.
 */
export function lazyTables(schema: string): (store: Store) => Store {
	const prepared = new WeakSet<Store>();
	return (store) => {
		if (!prepared.has(store)) {
			// Under the write lock, retried while busy: two processes may create them at the same moment.
			store.transaction(() => store.db.exec(schema));
			prepared.add(store);
		}
		return store;
	};
}
