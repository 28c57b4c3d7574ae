CREATE TABLE "favourites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"image_id" uuid,
	"set_id" uuid,
	"track_id" uuid,
	"position_seconds" real,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "favourites_one_target" CHECK (num_nonnulls("favourites"."image_id", "favourites"."set_id", "favourites"."track_id") = 1 and ("favourites"."track_id" is null) = ("favourites"."position_seconds" is null))
);
--> statement-breakpoint
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_set_id_music_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."music_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "favourites_user_image_idx" ON "favourites" USING btree ("user_id","image_id") WHERE "favourites"."image_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "favourites_user_set_idx" ON "favourites" USING btree ("user_id","set_id") WHERE "favourites"."set_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "favourites_user_moment_idx" ON "favourites" USING btree ("user_id","track_id","position_seconds") WHERE "favourites"."track_id" is not null;--> statement-breakpoint
CREATE INDEX "favourites_user_created_idx" ON "favourites" USING btree ("user_id","created_at");