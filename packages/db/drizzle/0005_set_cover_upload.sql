ALTER TABLE "music_sets" ADD COLUMN "cover_upload_id" text;--> statement-breakpoint
ALTER TABLE "music_sets" ADD COLUMN "cover_failure_reason" text;