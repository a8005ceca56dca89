// Touming on several machines: jobs in pg-boss, the workers that run them, the coordinator that enqueues them.
export { DEAD_LETTER_QUEUE, QUEUE_OF, WORKER_STAGES, openJobQueues } from "./job-queues.js";
export type { CrawlJob, ExtractJob, JobData, JobQueueOptions, RenderJob, WorkerStage } from "./job-queues.js";
export { runWorker } from "./worker.js";
export type { WorkerOptions, WorkerSummary } from "./worker.js";
export { Coordinator } from "./coordinator.js";
export type { StageOnWorkers } from "./coordinator.js";
export { deadLetters, hasJobQueues } from "./job-tracking.js";
export type { DeadLetter } from "./job-tracking.js";
export { describeUnsettled, unsettledJobs } from "./leftover-jobs.js";
export type { UnsettledJobs } from "./leftover-jobs.js";
