ALTER TABLE "invites" ADD COLUMN "mail_state" text;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "mail_error" text;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "mail_sent_at" timestamp with time zone;