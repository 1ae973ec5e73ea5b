-- A command id names one command within its gathering (the phone resends to the same board),
-- so the ledger is keyed by both; the old index on gathering_id is the new key's prefix.
DROP INDEX "board_commands_gathering_idx";--> statement-breakpoint
ALTER TABLE "board_commands" DROP CONSTRAINT "board_commands_pkey";--> statement-breakpoint
ALTER TABLE "board_commands" ADD CONSTRAINT "board_commands_gathering_id_id_pk" PRIMARY KEY("gathering_id","id");
