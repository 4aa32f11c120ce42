-- A product's card: the text fields of its list entry (id, slug, name, category, brand, first
-- image, creation time) as JSON object members, written by the catalog whenever one of them
-- changes. A list page is then those cards joined with the numbers that change on every sale,
-- without building or parsing JSON per request. NULL until first written (rows from before this
-- migration); the list writes missing cards before it answers.
ALTER TABLE products ADD COLUMN card TEXT;
