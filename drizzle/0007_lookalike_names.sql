-- Look-alike keys of display names (UTS #39 skeletons), unique per gathering. They cannot be
-- computed in SQL: rows that exist already keep NULL here (never a conflict) and the server
-- fills them in at start-up (fillNameSkeletons).
ALTER TABLE "participants" ADD COLUMN "name_skeleton" text;--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "name_skeleton_folded" text;--> statement-breakpoint
CREATE UNIQUE INDEX "participants_gathering_name_skeleton_key" ON "participants" USING btree ("gathering_id","name_skeleton");--> statement-breakpoint
CREATE UNIQUE INDEX "participants_gathering_name_skeleton_folded_key" ON "participants" USING btree ("gathering_id","name_skeleton_folded");