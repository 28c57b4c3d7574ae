CREATE TABLE "pending_attendances" (
	"event_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"photo_consent" text DEFAULT 'fine' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pending_attendances_event_id_subject_pk" PRIMARY KEY("event_id","subject")
);
--> statement-breakpoint
CREATE TABLE "ticketing_deliveries" (
	"webhook_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"outcome" text,
	"error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticketing_rejections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" text,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticketing_sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"events_done" integer DEFAULT 0 NOT NULL,
	"events_total" integer,
	"report" jsonb,
	"error" text,
	"requested_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticketing_versions" (
	"key" text PRIMARY KEY NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_attendees" ADD COLUMN "source" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "event_attendees" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "removed_upstream_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pending_attendances" ADD CONSTRAINT "pending_attendances_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_attendances_subject_idx" ON "pending_attendances" USING btree ("subject");--> statement-breakpoint
CREATE INDEX "pending_attendances_email_idx" ON "pending_attendances" USING btree ("email");--> statement-breakpoint
CREATE INDEX "ticketing_deliveries_received_idx" ON "ticketing_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "ticketing_rejections_received_idx" ON "ticketing_rejections" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "ticketing_sync_runs_created_idx" ON "ticketing_sync_runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "account_provider_account_idx" ON "account" USING btree ("provider_id","account_id");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_external_id_unique" UNIQUE("external_id");