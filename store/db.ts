// The database handles the layers above store/ pass around; only store/ runs SQL on them.
export type { Pool, PoolClient } from 'pg';
