CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notices_item_user_unique" UNIQUE("kind","item_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "mail_notices" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "sealed_link" text;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "reminder_state" text;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "reminder_error" text;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notices_user_idx" ON "notices" USING btree ("user_id");