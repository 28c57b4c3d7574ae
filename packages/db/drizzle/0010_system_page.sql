CREATE TABLE "storage_sweeps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"orphan_count" integer NOT NULL,
	"orphan_bytes" bigint DEFAULT 0 NOT NULL,
	"orphans_removed" integer NOT NULL,
	"missing_count" integer NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "received" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "storage_sweeps_finished_idx" ON "storage_sweeps" USING btree ("finished_at");