/** The research queue (BullMQ on Redis): the coordinator's side, the worker, and the queue's status. */
export { openResearchQueue, type OpenResearchQueueOptions, type QueuedCandidate, type QueuedResult, type ResearchQueue } from './research-queue.js';
export { startResearchWorker, type ResearchWorker, type ResearchWorkerOptions } from './research-worker.js';
export { collectQueueStatus, type QueueStatus, type QueueWorkerSeen } from './queue-status.js';
export { assertQueueReachable, displayQueueUrl } from './redis-connection.js';
export { DEFAULT_QUEUE_SETTINGS, QUEUE_SETTING_VARIABLES, queueSettingsFrom, type QueueSettings } from './queue-settings.js';
