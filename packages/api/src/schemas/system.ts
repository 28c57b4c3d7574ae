import { type JobName, jobNames } from '@party/jobs';
import { z } from 'zod';

/** `admin.system.retryFailed`: put every failed job of one kind back on its queue. */
export const retryFailedJobsSchema = z.object({ kind: z.enum(jobNames as [JobName, ...JobName[]]) });
