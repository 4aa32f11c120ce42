-- Cash collected on delivery is a payment too: who confirmed it, and when (settled_at).
ALTER TABLE payments ADD COLUMN recorded_by BLOB;
