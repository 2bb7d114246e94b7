CREATE TABLE "support_inbound_keys" (
	"provider" text PRIMARY KEY NOT NULL,
	"key_ciphertext" text NOT NULL,
	"hint" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
