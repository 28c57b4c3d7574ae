CREATE TABLE "gallery_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "gallery_version_one_row" CHECK ("gallery_version"."id")
);
--> statement-breakpoint
INSERT INTO "gallery_version" ("id", "version") VALUES (true, 0);--> statement-breakpoint
-- Raises the version once per transaction that changed what galleries show. Deferred to the commit,
-- so the row is locked only for the moment of committing (after every other lock the transaction
-- takes: no deadlock with writers of the same tables in another order), and readers see the new
-- version exactly when they can see the change.
CREATE FUNCTION "bump_gallery_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('party.gallery_version_bumped', true), '') <> 'on' THEN
    UPDATE "gallery_version" SET "version" = "version" + 1;
    PERFORM set_config('party.gallery_version_bumped', 'on', true);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "events_gallery_version" AFTER INSERT OR UPDATE OR DELETE ON "events"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_gallery_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "event_attendees_gallery_version" AFTER INSERT OR UPDATE OR DELETE ON "event_attendees"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_gallery_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "image_variants_gallery_version" AFTER INSERT OR UPDATE OR DELETE ON "image_variants"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_gallery_version"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "images_gallery_version" AFTER INSERT OR DELETE ON "images"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_gallery_version"();--> statement-breakpoint
-- Progress reports of processing change nothing a gallery shows; every other column may (a column
-- added later counts too, unless it is named here).
CREATE CONSTRAINT TRIGGER "images_update_gallery_version" AFTER UPDATE ON "images"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'progress' - 'updated_at') IS DISTINCT FROM (to_jsonb(NEW) - 'progress' - 'updated_at'))
  EXECUTE FUNCTION "bump_gallery_version"();--> statement-breakpoint
CREATE FUNCTION "bump_gallery_version_now"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "gallery_version" SET "version" = "version" + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "events_truncate_gallery_version" AFTER TRUNCATE ON "events"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_gallery_version_now"();--> statement-breakpoint
CREATE TRIGGER "event_attendees_truncate_gallery_version" AFTER TRUNCATE ON "event_attendees"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_gallery_version_now"();--> statement-breakpoint
CREATE TRIGGER "images_truncate_gallery_version" AFTER TRUNCATE ON "images"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_gallery_version_now"();--> statement-breakpoint
CREATE TRIGGER "image_variants_truncate_gallery_version" AFTER TRUNCATE ON "image_variants"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_gallery_version_now"();
