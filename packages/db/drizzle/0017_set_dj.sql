ALTER TABLE "music_sets" ADD COLUMN "dj_user_id" text;--> statement-breakpoint
ALTER TABLE "music_sets" ADD CONSTRAINT "music_sets_dj_user_id_user_id_fk" FOREIGN KEY ("dj_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "music_sets_dj_idx" ON "music_sets" USING btree ("dj_user_id");