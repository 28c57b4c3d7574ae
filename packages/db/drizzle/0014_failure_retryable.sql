ALTER TABLE "images" ADD COLUMN "failure_retryable" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "failure_retryable" boolean DEFAULT true NOT NULL;