-- The payment transaction ledger is append-only, like the inventory ledger (ordo_forbid_mutation from 0001).
CREATE TRIGGER payment_transactions_append_only BEFORE UPDATE OR DELETE ON payment_transactions
  FOR EACH ROW EXECUTE FUNCTION ordo_forbid_mutation();
