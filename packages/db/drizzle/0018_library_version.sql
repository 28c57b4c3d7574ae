CREATE TABLE "library_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "library_version_one_row" CHECK ("library_version"."id")
);
--> statement-breakpoint
INSERT INTO "library_version" ("id", "version") VALUES (true, 0);--> statement-breakpoint
-- Raises the version once per transaction that changed what members browse. Deferred to the commit,
-- so the row is locked only for the moment of committing (after every other lock the transaction
-- takes: no deadlock with writers of the same tables in another order), and readers see the new
-- version exactly when they can see the change.
CREATE FUNCTION "bump_library_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('party.library_version_bumped', true), '') <> 'on' THEN
    UPDATE "library_version" SET "version" = "version" + 1;
    PERFORM set_config('party.library_version_bumped', 'on', true);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "events_library_version" AFTER INSERT OR UPDATE OR DELETE ON "events"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "event_attendees_library_version" AFTER INSERT OR UPDATE OR DELETE ON "event_attendees"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "image_variants_library_version" AFTER INSERT OR UPDATE OR DELETE ON "image_variants"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "images_library_version" AFTER INSERT OR DELETE ON "images"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "music_sets_library_version" AFTER INSERT OR UPDATE OR DELETE ON "music_sets"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "track_renditions_library_version" AFTER INSERT OR UPDATE OR DELETE ON "track_renditions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "cue_points_library_version" AFTER INSERT OR UPDATE OR DELETE ON "cue_points"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "tracks_library_version" AFTER INSERT OR DELETE ON "tracks"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
-- Progress reports of processing (progress, and a track's stage) change nothing members browse;
-- every other column may (a column added later counts too, unless it is named here).
CREATE CONSTRAINT TRIGGER "images_update_library_version" AFTER UPDATE ON "images"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'progress' - 'updated_at') IS DISTINCT FROM (to_jsonb(NEW) - 'progress' - 'updated_at'))
  EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "tracks_update_library_version" AFTER UPDATE ON "tracks"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'progress' - 'stage' - 'updated_at') IS DISTINCT FROM (to_jsonb(NEW) - 'progress' - 'stage' - 'updated_at'))
  EXECUTE FUNCTION "bump_library_version"();--> statement-breakpoint
CREATE FUNCTION "bump_library_version_now"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "library_version" SET "version" = "version" + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "events_truncate_library_version" AFTER TRUNCATE ON "events"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_library_version_now"();--> statement-breakpoint
CREATE TRIGGER "event_attendees_truncate_library_version" AFTER TRUNCATE ON "event_attendees"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_library_version_now"();--> statement-breakpoint
CREATE TRIGGER "images_truncate_library_version" AFTER TRUNCATE ON "images"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_library_version_now"();--> statement-breakpoint
CREATE TRIGGER "image_variants_truncate_library_version" AFTER TRUNCATE ON "image_variants"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_library_version_now"();--> statement-breakpoint
CREATE TRIGGER "music_sets_truncate_library_version" AFTER TRUNCATE ON "music_sets"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_library_version_now"();--> statement-breakpoint
CREATE TRIGGER "tracks_truncate_library_version" AFTER TRUNCATE ON "tracks"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_library_version_now"();--> statement-breakpoint
CREATE TRIGGER "track_renditions_truncate_library_version" AFTER TRUNCATE ON "track_renditions"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_library_version_now"();--> statement-breakpoint
CREATE TRIGGER "cue_points_truncate_library_version" AFTER TRUNCATE ON "cue_points"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_library_version_now"();
