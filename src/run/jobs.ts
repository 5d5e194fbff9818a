// The worker-thread pool has landed: src/run/parallel.ts. Kept so that existing imports keep working.
export { runJobs, type Job, type JobsOptions } from './parallel.js';
