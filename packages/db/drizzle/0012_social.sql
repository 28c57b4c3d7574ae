CREATE TABLE "comment_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"comment_id" uuid NOT NULL,
	"reporter_id" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comment_reports_once" UNIQUE("comment_id","reporter_id")
);
--> statement-breakpoint
CREATE TABLE "track_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"track_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"at_seconds" real NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "listening_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listening_salts" (
	"day" date PRIMARY KEY NOT NULL,
	"salt" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "track_listeners" (
	"track_id" uuid NOT NULL,
	"day" date NOT NULL,
	"listener_key" text NOT NULL,
	CONSTRAINT "track_listeners_track_id_day_listener_key_pk" PRIMARY KEY("track_id","day","listener_key")
);
--> statement-breakpoint
CREATE TABLE "track_listening_days" (
	"track_id" uuid NOT NULL,
	"day" date NOT NULL,
	"plays" integer DEFAULT 0 NOT NULL,
	"qualified_plays" integer DEFAULT 0 NOT NULL,
	"fraction_sum" real DEFAULT 0 NOT NULL,
	"unique_listeners" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "track_listening_days_track_id_day_pk" PRIMARY KEY("track_id","day")
);
--> statement-breakpoint
CREATE TABLE "track_listening_minutes" (
	"track_id" uuid NOT NULL,
	"day" date NOT NULL,
	"minute" integer NOT NULL,
	"seconds" real DEFAULT 0 NOT NULL,
	CONSTRAINT "track_listening_minutes_track_id_day_minute_pk" PRIMARY KEY("track_id","day","minute")
);
--> statement-breakpoint
ALTER TABLE "music_sets" ADD COLUMN "comments_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_comment_id_track_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."track_comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_reporter_id_user_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_comments" ADD CONSTRAINT "track_comments_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_comments" ADD CONSTRAINT "track_comments_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_listeners" ADD CONSTRAINT "track_listeners_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_listening_days" ADD CONSTRAINT "track_listening_days_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_listening_minutes" ADD CONSTRAINT "track_listening_minutes_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "track_comments_track_idx" ON "track_comments" USING btree ("track_id","at_seconds");--> statement-breakpoint
CREATE INDEX "track_comments_user_idx" ON "track_comments" USING btree ("user_id","created_at");