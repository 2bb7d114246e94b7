CREATE TABLE "postal_code_centroids" (
	"country" text NOT NULL,
	"postal_code" text NOT NULL,
	"place" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	CONSTRAINT "postal_code_centroids_country_postal_code_pk" PRIMARY KEY("country","postal_code")
);
