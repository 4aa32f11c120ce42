-- The default product list (newest first) walks this index in order and stops after a page;
-- without it every request read and sorted all active products.
CREATE INDEX products_newest ON products (status, id);
