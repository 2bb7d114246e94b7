DROP INDEX "risk_assessments_customer_idx";--> statement-breakpoint
DROP INDEX "risk_assessments_fingerprint_idx";--> statement-breakpoint
CREATE INDEX "risk_assessments_fingerprint_idx" ON "risk_assessments" USING btree ("payment_fingerprint","created_at") WHERE payment_fingerprint is not null;