-- Catalog: one number that every staff change to the catalog moves, in the change's own
-- transaction, so a reader (the search index of each replica) can tell cheaply whether
-- what it built from is still current.
CREATE TABLE catalog_revision (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  BIGINT NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);
