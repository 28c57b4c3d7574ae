export { type JobName, type JobPayload, jobDefinitions, jobNames, NOTICE_BATCH } from './definitions';
export { explainJobError, lastAttemptReason } from './job-errors';
export {
  type JobHandler,
  type JobHandlerContext,
  type JobObserver,
  type JobQueue,
  type QueueHealth,
  type QueueInspector,
  type RunningJobQueue,
  startJobQueue,
} from './queue';
