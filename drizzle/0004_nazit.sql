CREATE TABLE "follow_up_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"gathering_id" text NOT NULL,
	"topic_id" text NOT NULL,
	"topic_title" text NOT NULL,
	"contact_id" text,
	"date" date,
	"time" text,
	"place" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" text PRIMARY KEY NOT NULL,
	"gathering_id" text NOT NULL,
	"from_id" text NOT NULL,
	"to_id" text NOT NULL,
	"topic_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "follow_ups_status_check" CHECK ("follow_ups"."status" in ('pending', 'accepted', 'declined')),
	CONSTRAINT "follow_ups_not_self" CHECK ("follow_ups"."from_id" <> "follow_ups"."to_id")
);
--> statement-breakpoint
CREATE TABLE "nazit_interests" (
	"participant_id" text NOT NULL,
	"gathering_id" text NOT NULL,
	"topic_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nazit_interests_participant_id_topic_id_pk" PRIMARY KEY("participant_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "nazit_profiles" (
	"participant_id" text PRIMARY KEY NOT NULL,
	"gathering_id" text NOT NULL,
	"initiative" text DEFAULT '' NOT NULL,
	"offer" text DEFAULT '' NOT NULL,
	"looking_for" text DEFAULT '' NOT NULL,
	"email" text,
	"phone" text,
	"share_lines" boolean DEFAULT false NOT NULL,
	"share_initiative" boolean DEFAULT false NOT NULL,
	"share_email" boolean DEFAULT false NOT NULL,
	"share_phone" boolean DEFAULT false NOT NULL,
	"name_in_report" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gatherings" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gatherings" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follow_up_groups" ADD CONSTRAINT "follow_up_groups_gathering_id_gatherings_id_fk" FOREIGN KEY ("gathering_id") REFERENCES "public"."gatherings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_groups" ADD CONSTRAINT "follow_up_groups_contact_id_participants_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_gathering_id_gatherings_id_fk" FOREIGN KEY ("gathering_id") REFERENCES "public"."gatherings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_from_id_participants_id_fk" FOREIGN KEY ("from_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_to_id_participants_id_fk" FOREIGN KEY ("to_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nazit_interests" ADD CONSTRAINT "nazit_interests_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nazit_interests" ADD CONSTRAINT "nazit_interests_gathering_id_gatherings_id_fk" FOREIGN KEY ("gathering_id") REFERENCES "public"."gatherings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nazit_profiles" ADD CONSTRAINT "nazit_profiles_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nazit_profiles" ADD CONSTRAINT "nazit_profiles_gathering_id_gatherings_id_fk" FOREIGN KEY ("gathering_id") REFERENCES "public"."gatherings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_groups_topic_key" ON "follow_up_groups" USING btree ("gathering_id","topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_pair_key" ON "follow_ups" USING btree ("from_id","to_id");--> statement-breakpoint
CREATE INDEX "follow_ups_gathering_idx" ON "follow_ups" USING btree ("gathering_id");--> statement-breakpoint
CREATE INDEX "nazit_interests_gathering_idx" ON "nazit_interests" USING btree ("gathering_id");