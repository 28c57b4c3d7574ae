CREATE TABLE "cue_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"track_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"start_seconds" real NOT NULL,
	"artist" text,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "music_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"artist" text NOT NULL,
	"event_id" uuid,
	"description" text,
	"recorded_on" date,
	"cover_key" text,
	"visibility" text DEFAULT 'draft' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "track_renditions" (
	"track_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"key" text NOT NULL,
	"codec" text NOT NULL,
	"bitrate_kbps" integer,
	"bytes" bigint NOT NULL,
	"duration_seconds" real,
	CONSTRAINT "track_renditions_track_id_tier_pk" PRIMARY KEY("track_id","tier")
);
--> statement-breakpoint
CREATE TABLE "tracks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"title" text,
	"artist" text,
	"status" text DEFAULT 'processing' NOT NULL,
	"failure_reason" text,
	"progress" integer DEFAULT 0 NOT NULL,
	"stage" text,
	"upload_id" text,
	"original_key" text NOT NULL,
	"original_name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text,
	"container" text,
	"codec" text,
	"lossless" boolean,
	"duration_seconds" real,
	"sample_rate" integer,
	"bit_depth" integer,
	"channels" integer,
	"bitrate" integer,
	"loudness_lufs" real,
	"peaks_key" text,
	"stream_original" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracks_upload_id_unique" UNIQUE("upload_id")
);
--> statement-breakpoint
ALTER TABLE "cue_points" ADD CONSTRAINT "cue_points_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "music_sets" ADD CONSTRAINT "music_sets_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "music_sets" ADD CONSTRAINT "music_sets_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_renditions" ADD CONSTRAINT "track_renditions_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracks" ADD CONSTRAINT "tracks_set_id_music_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."music_sets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracks" ADD CONSTRAINT "tracks_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cue_points_track_idx" ON "cue_points" USING btree ("track_id","position");--> statement-breakpoint
CREATE INDEX "music_sets_event_idx" ON "music_sets" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "tracks_set_idx" ON "tracks" USING btree ("set_id","position");